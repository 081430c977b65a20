using Marten;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Api.PersonalData;

/// <summary>Stores and reads volunteers' personal information, sealed, through a Marten session.</summary>
public sealed class PersonalDataVault(PersonalDataCipher cipher)
{
    public const string NameField = "name";
    public const string PhoneField = "phone";
    public const string NationalIdField = "national-id";

    /// <summary>
    /// Seals <paramref name="details"/> (already validated) with a fresh data key and stores the key and the profile in the
    /// session: they are written by its next save, with whatever else it holds, or not at all.
    /// </summary>
    public void Store(IDocumentSession session, Guid volunteerId, Guid homeCommunityId, string volunteerNumber, PersonalDetails details, DateTimeOffset now)
    {
        var (dataKey, wrappedKey) = cipher.NewDataKey(volunteerId);
        var nationalId = details is { NationalIdType: { } type, NationalId: { } number } ? $"{type}:{number}" : null;
        session.Store(new PersonalDataKey(volunteerId, wrappedKey, now));
        session.Store(new VolunteerProfile(
            volunteerId,
            homeCommunityId,
            volunteerNumber,
            PersonalDataCipher.Seal(dataKey, volunteerId, NameField, details.Name),
            details.Phone is null ? null : PersonalDataCipher.Seal(dataKey, volunteerId, PhoneField, details.Phone),
            nationalId is null ? null : PersonalDataCipher.Seal(dataKey, volunteerId, NationalIdField, nationalId)));
    }

    /// <summary>The person in the clear; erased when their data key is gone. Null when the volunteer has no profile.</summary>
    public async Task<PersonRead?> ReadAsync(IQuerySession session, Guid volunteerId, CancellationToken cancellation) =>
        await UnwrapAsync(session, cipher, volunteerId, cancellation) switch
        {
            null => null,
            (_, null) => PersonRead.ErasedPerson,
            var (profile, dataKey) => new PersonRead(Open(profile, dataKey)),
        };

    /// <summary>The volunteer's profile and data key in the clear: null without a profile, the key null once erased.</summary>
    internal static async Task<(VolunteerProfile Profile, byte[]? DataKey)?> UnwrapAsync(
        IQuerySession session, PersonalDataCipher cipher, Guid volunteerId, CancellationToken cancellation)
    {
        var profile = await session.LoadAsync<VolunteerProfile>(volunteerId, cancellation);
        if (profile is null)
        {
            return null;
        }

        var key = await session.LoadAsync<PersonalDataKey>(volunteerId, cancellation);
        return (profile, key is null ? null : cipher.UnwrapDataKey(volunteerId, key.WrappedKey));
    }

    /// <summary>
    /// The names of these volunteers in the clear, by volunteer id, for a list: one load of their keys, only the name opened.
    /// An erased volunteer (data key gone) has no entry.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, string>> ReadNamesAsync(IQuerySession session, IReadOnlyList<VolunteerProfile> profiles, CancellationToken cancellation)
    {
        if (profiles.Count == 0)
        {
            return new Dictionary<Guid, string>();
        }

        var keys = await session.LoadManyAsync<PersonalDataKey>(cancellation, profiles.Select(p => p.Id).ToArray());
        var keyOf = keys.ToDictionary(k => k.Id);
        var names = new Dictionary<Guid, string>();
        foreach (var profile in profiles)
        {
            if (keyOf.TryGetValue(profile.Id, out var key))
            {
                names[profile.Id] = PersonalDataCipher.Open(cipher.UnwrapDataKey(profile.Id, key.WrappedKey), profile.Id, NameField, profile.Name);
            }
        }

        return names;
    }

    /// <summary>
    /// The columns that bring a volunteer's sealed name and wrapped data key into a read of another table, for lists that
    /// read a page and its names in one statement: for the volunteer whose id is <paramref name="volunteerId"/> (an SQL
    /// expression of type uuid), two scalar subqueries (<c>jsonb</c>, base64 strings; null without a profile, the key's
    /// null once erased), each one primary-key lookup per row whatever plan the page gets. Open them with <see cref="OpenName"/>.
    /// </summary>
    public static (string SealedName, string WrappedKey) NameColumns(IQuerySession session, string volunteerId)
    {
        var schema = session.DocumentStore.Options.Schema;
        return ($"(select data -> '{nameof(VolunteerProfile.Name)}' from {schema.For<VolunteerProfile>()} where id = {volunteerId})",
            $"(select data -> '{nameof(PersonalDataKey.WrappedKey)}' from {schema.For<PersonalDataKey>()} where id = {volunteerId})");
    }

    /// <summary>The name in the clear from what <see cref="NameColumns"/> selected; null without a profile or once erased (no key).</summary>
    public string? OpenName(Guid volunteerId, byte[]? wrappedKey, byte[]? sealedName) =>
        wrappedKey is null || sealedName is null
            ? null
            : PersonalDataCipher.Open(cipher.UnwrapDataKey(volunteerId, wrappedKey), volunteerId, NameField, sealedName);

    /// <summary>
    /// The name masked by <paramref name="mask"/> (a list shows no more than the family name), from what
    /// <see cref="NameColumns"/> selected; null without a profile or once erased. Opening costs two AES-GCM decryptions,
    /// so the masked name is remembered per volunteer with the wrapped key and sealed name it came from, and used only
    /// when the row read now carries the same two: the key is read in the same statement as the row, so an erasure (the
    /// key deleted) shows at once and also forgets the name here; nothing else seals a name again. At most
    /// <see cref="MaskedNamesRemembered"/> are kept (all forgotten when full).
    /// </summary>
    public string? MaskedName(Guid volunteerId, byte[]? wrappedKey, byte[]? sealedName, Func<string, string> mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (wrappedKey is null || sealedName is null)
        {
            maskedNames.TryRemove(volunteerId, out _);
            return null;
        }

        if (maskedNames.TryGetValue(volunteerId, out var known) && known.WrappedKey.AsSpan().SequenceEqual(wrappedKey) && known.SealedName.AsSpan().SequenceEqual(sealedName))
        {
            return known.Masked;
        }

        var masked = mask(OpenName(volunteerId, wrappedKey, sealedName)!);
        if (maskedNames.Count >= MaskedNamesRemembered)
        {
            maskedNames.Clear();
        }

        maskedNames[volunteerId] = (wrappedKey, sealedName, masked);
        return masked;
    }

    public const int MaskedNamesRemembered = 200_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, (byte[] WrappedKey, byte[] SealedName, string Masked)> maskedNames = new();

    /// <summary>Destroys the volunteer's data key when the session is saved: every sealed value of theirs becomes noise.</summary>
    public static void Erase(IDocumentSession session, Guid volunteerId) => session.Delete<PersonalDataKey>(volunteerId);

    internal static PersonalDetails Open(VolunteerProfile profile, byte[] dataKey)
    {
        var id = profile.Id;
        var nationalId = profile.NationalId is null ? null : PersonalDataCipher.Open(dataKey, id, NationalIdField, profile.NationalId).Split(':', 2);
        return new PersonalDetails(
            PersonalDataCipher.Open(dataKey, id, NameField, profile.Name),
            profile.Phone is null ? null : PersonalDataCipher.Open(dataKey, id, PhoneField, profile.Phone),
            nationalId is null ? null : Enum.Parse<NationalIdType>(nationalId[0]),
            nationalId?[1]);
    }
}
