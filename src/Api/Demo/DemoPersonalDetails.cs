using TimeBank.Api.PersonalData;
using TimeBank.Ledger.Accounts;
using TimeBank.Demo;

namespace TimeBank.Api.Demo;

/// <summary>
/// A demo volunteer's personal information: fake, and plainly so (region code 99 exists in no ID card, phones start 1000000,
/// passports X990...), but in the formats the service accepts.
/// </summary>
public sealed record DemoPerson(Guid VolunteerId, Guid HomeCommunityId, string VolunteerNumber, PersonalDetails Details);

/// <summary>
/// The demo volunteers' personal details, beside the seeder that stores them: they are the service's
/// <see cref="PersonalDetails"/>, encrypted by its vault, so they stay with the service while the city (src/Demo) does not.
/// </summary>
public static class DemoPersonalDetails
{
    /// <summary>Every volunteer of the cast, in the cast's order, with their fake details.</summary>
    public static IReadOnlyList<DemoPerson> Of(DemoCast cast) =>
    [
        .. cast.Volunteers.Select((volunteer, index) =>
            new DemoPerson(volunteer.Id, volunteer.HomeCommunityId, volunteer.VolunteerNumber, FakeDetails(volunteer, index, cast))),
    ];

    /// <summary>
    /// Fake personal details, derived from the volunteer's place in the cast rather than drawn from the random sequence, so
    /// adding them changed no one's history. Every 25th volunteer holds a passport, every 17th gave no phone.
    /// </summary>
    private static PersonalDetails FakeDetails(DemoVolunteer volunteer, int index, DemoCast cast)
    {
        var phone = index % 17 == 5 ? null : $"1000000{index:0000}";
        if (index % 25 == 24)
        {
            return new PersonalDetails(volunteer.DisplayName, phone, NationalIdType.Passport, $"X990{index:00000}");
        }

        var community = cast.Communities.Single(c => c.Id == volunteer.HomeCommunityId).Number;
        var born = new DateOnly(1950 + (index * 7 % 56), 1 + (index * 5 % 12), 1 + (index * 11 % 28));
        var first17 = $"9900{community:00}{born:yyyyMMdd}{index % 1000:000}";
        return new PersonalDetails(volunteer.DisplayName, phone, NationalIdType.ResidentIdCard, first17 + PersonalDetailRules.ResidentIdCheckCharacter(first17));
    }
}
