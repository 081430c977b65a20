using Marten;
using TimeBank.Api.Certificates;
using TimeBank.Api.Districts;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Api.PersonalData;

/// <summary>
/// The person a certificate names, as read from the encrypted store: the details in the clear and the salt of the
/// certificate's person digest, derived from the volunteer's data key (so that destroying the key at erasure leaves the
/// digest in the ledger unlinkable). <see cref="Erased"/> when the key is gone.
/// </summary>
public sealed record CertificatePerson(PersonalDetails? Details, byte[]? Salt)
{
    public static readonly CertificatePerson Erased = new(null, null);

    public bool IsErased => Details is null;

    /// <summary>The salted digest the certificate's content carries; none for an erased person.</summary>
    public string? Digest => Details is { } d && Salt is { } salt
        ? PersonDigest.Of(salt, d.Name, d.NationalIdType?.ToString(), d.NationalId)
        : null;

    /// <summary>The person of <paramref name="volunteerId"/>; null when the volunteer has no profile at all.</summary>
    public static async Task<CertificatePerson?> ReadAsync(
        IQuerySession session, PersonalDataCipher cipher, Guid volunteerId, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(cipher);
        return await PersonalDataVault.UnwrapAsync(session, cipher, volunteerId, cancellation) switch
        {
            null => null,
            (_, null) => Erased,
            var (profile, dataKey) => new CertificatePerson(PersonalDataVault.Open(profile, dataKey), PersonDigest.NewSaltFrom(dataKey, volunteerId)),
        };
    }

    /// <summary>
    /// As <see cref="ReadAsync(IQuerySession, PersonalDataCipher, Guid, CancellationToken)"/>, in the volunteer's home district
    /// when it is another than <paramref name="session"/>'s (districts mode, ADR 0047): a certificate issued where the
    /// volunteer served names the person whose data lives at home.
    /// </summary>
    public static Task<CertificatePerson?> ReadAsync(
        IQuerySession session, PersonalDataCipher cipher, VolunteerHome home, Guid volunteerId, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(home);
        return home.ReadAsync(session, volunteerId, at => ReadAsync(at, cipher, volunteerId, cancellation), cancellation);
    }
}
