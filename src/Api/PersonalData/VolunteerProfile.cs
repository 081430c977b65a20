using TimeBank.Ledger.Accounts;

namespace TimeBank.Api.PersonalData;

/// <summary>
/// A volunteer's personal information, sealed with their data key (<see cref="PersonalDataCipher"/>): nothing in it
/// reads without the key. Kept outside the event stream, so that erasing it never touches the ledger.
/// </summary>
/// <param name="NationalId">The sealed <c>type:number</c> of the ID, so the kind of document is personal too.</param>
public sealed record VolunteerProfile(Guid Id, Guid HomeCommunityId, string VolunteerNumber, byte[] Name, byte[]? Phone, byte[]? NationalId);

/// <summary>
/// A volunteer's data key, wrapped by the master key. Its own table, apart from the events and the profiles: deleting this
/// document is the erasure of the person (crypto-shredding).
/// </summary>
public sealed record PersonalDataKey(Guid Id, byte[] WrappedKey, DateTimeOffset CreatedAt);

/// <summary>The person as a reader sees them: the details in the clear, or nothing once erased.</summary>
public sealed record PersonRead(PersonalDetails? Details)
{
    public bool Erased => Details is null;

    public static PersonRead ErasedPerson { get; } = new((PersonalDetails?)null);
}
