using System.Diagnostics;
using Marten;
using Weasel.Core;
using TimeBank.Api.PersonalData;

namespace TimeBank.Bench;

/// <summary>
/// The personal data of a generated city's volunteers, sealed as the service seals it (a data key each, wrapped with the
/// service's master key; the name and phone sealed with it), bulk inserted (COPY) as <see cref="PersonalDataKey"/> and
/// <see cref="VolunteerProfile"/> documents: the boards show masked names read through the vault, and that read is part
/// of what they cost. Generated names (a family name and one or two given characters) and phone numbers, never real.
/// </summary>
public static class CityProfiles
{
    private const int Chunk = 20_000;

    private static readonly string[] FamilyNames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];

    private static readonly string[] GivenNames = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平"];

    public static async Task WriteAsync(DocumentStore store, byte[] masterKey, LedgerHistoryGenerator city, CancellationToken cancellation)
    {
        var cipher = new PersonalDataCipher(masterKey);
        var random = new Random(20_261_206);
        var clock = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var count = city.RegisteredVolunteers;
        for (var from = 0; from < count; from += Chunk)
        {
            var keys = new List<PersonalDataKey>(Chunk);
            var profiles = new List<VolunteerProfile>(Chunk);
            for (var i = from; i < Math.Min(count, from + Chunk); i++)
            {
                var id = city.VolunteerId(i);
                var (dataKey, wrappedKey) = cipher.NewDataKey(id);
                var name = FamilyNames[random.Next(FamilyNames.Length)] + GivenNames[random.Next(GivenNames.Length)] + (random.Next(2) == 0 ? GivenNames[random.Next(GivenNames.Length)] : "");
                var phone = "1" + random.NextInt64(3_000_000_000, 9_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
                keys.Add(new PersonalDataKey(id, wrappedKey, now));
                profiles.Add(new VolunteerProfile(id, city.HomeCommunityOf(i).Id, LedgerHistoryGenerator.VolunteerNumber(i),
                    PersonalDataCipher.Seal(dataKey, id, PersonalDataVault.NameField, name), PersonalDataCipher.Seal(dataKey, id, PersonalDataVault.PhoneField, phone), null));
            }

            await store.BulkInsertAsync(keys, BulkInsertMode.InsertsOnly, 5_000, cancellation);
            await store.BulkInsertAsync(profiles, BulkInsertMode.InsertsOnly, 5_000, cancellation);
        }

        Console.WriteLine($"  {count:#,0} volunteers' personal data sealed and copied in {BenchRun.Seconds(clock.Elapsed)} ({BenchRun.Number(count / clock.Elapsed.TotalSeconds)} volunteers/s)");
    }
}
