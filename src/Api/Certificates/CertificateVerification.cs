using Marten;
using TimeBank.Api.PersonalData;
using TimeBank.Ledger;
using TimeBank.Ledger.Certificates;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.Certificates;

/// <summary>What public verification says of a certificate: one of these, plainly.</summary>
public enum VerificationVerdict
{
    /// <summary>Issued, sealed content intact, not revoked.</summary>
    Valid,

    /// <summary>Revoked by the issuing community (date and category shown).</summary>
    Revoked,

    /// <summary>No certificate has this number.</summary>
    Unknown,

    /// <summary>The number exists, the code typed is not its code: nothing else is said.</summary>
    WrongCode,

    /// <summary>The stored content no longer matches its seal: it was changed after issue.</summary>
    Altered,

    /// <summary>Valid, but the volunteer's personal data was erased: the totals are still confirmed, the person cannot be.</summary>
    PersonErased,
}

/// <summary>A record of the certificate revoked after it was issued: the certificate stands as issued, and says so.</summary>
public sealed record RevokedAfterIssue(Guid RecordId, DateOnly Day, long Minutes, DateTimeOffset RevokedAt);

/// <summary>
/// The answer of a public verification: never more than the certificate shows (the ID masked; nothing at all past
/// <see cref="VerificationVerdict.Unknown"/> or <see cref="VerificationVerdict.WrongCode"/>).
/// </summary>
public sealed record CertificateVerificationResult(
    VerificationVerdict Verdict,
    string Message,
    string? Number = null,
    CertificateKind? Kind = null,
    string? Organization = null,
    DateOnly? IssuedOn = null,
    CertificatePeriod? Period = null,
    long? TotalMinutes = null,
    int? RecordCount = null,
    int? StarLevel = null,
    string? MaskedName = null,
    string? IdType = null,
    string? MaskedIdNumber = null,
    bool? PersonMatches = null,
    DateTimeOffset? RevokedAt = null,
    RevocationCategory? RevocationCategory = null,
    IReadOnlyList<RevokedAfterIssue>? RecordsRevokedAfterIssue = null);

/// <summary>
/// Public verification of a certificate by its number and the code printed beside it (GraphQL, the JSON endpoint and
/// the page all answer through this). The content read from the store is checked against its seal, so a changed byte
/// reads as <see cref="VerificationVerdict.Altered"/>; the person is read from the encrypted store, so an erased person
/// reads as <see cref="VerificationVerdict.PersonErased"/> while the totals still verify. A verifier who holds the paper
/// may give the name and ID printed on it: the answer says whether they are the ones sealed (the content's person digest).
/// </summary>
public sealed class CertificateVerification(
    CertificateSealer sealer, PersonalDataCipher cipher, VerificationRateLimit limit, Districts.DistrictSettings districts, Districts.EveryDistrict everyDistrict,
    Districts.VolunteerHome home)
{
    /// <summary>
    /// A public verification, as its three doors (GraphQL, JSON, the page) ask it: by the QR code's token when there is
    /// one, else by number and code; taken from the client's share of the limit first (<see cref="VerificationRateLimit"/>).
    /// It needs no token, so in districts mode it has no district of its own: it looks in every district's database for
    /// the certificate (ADR 0047), and the one that holds it answers; <paramref name="requestServices"/> gives the request's
    /// session in single-database mode.
    /// </summary>
    public Task<CertificateVerificationResult> PublicAsync(
        HttpContext? client, IServiceProvider requestServices, string? number, string? code, string? token, string? name = null, string? idNumber = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(requestServices);
        limit.Take(client);
        Task<CertificateVerificationResult> VerifyIn(IQuerySession session) => token is not null
            ? ByTokenAsync(session, token, cancellation)
            : ByNumberAsync(session, number ?? "", code ?? "", name, idNumber, cancellation);

        return districts.IsOn
            ? everyDistrict.FindAsync(VerifyIn, Found, "The certificate")
            : VerifyIn(requestServices.GetRequiredService<IQuerySession>());
    }

    /// <summary>
    /// Which district's answer is the certificate's, when several answer (ADR 0047): the one whose code matched, over one
    /// that has the number with another code (community codes are 30 bits of a hash: two communities may share one).
    /// </summary>
    private static int Found(CertificateVerificationResult result) => result.Verdict switch
    {
        VerificationVerdict.Unknown => 0,
        VerificationVerdict.WrongCode => 1,
        _ => 2,
    };

    /// <summary>
    /// Verification by the QR code's token (what a phone also checks offline against the published keys): its signature
    /// first, then the certificate it names, as by number and code. A token that is malformed, truncated or signed by a
    /// key this deployment never published is refused (<see cref="RefusalCodes.CertificateTokenInvalid"/>).
    /// </summary>
    public async Task<CertificateVerificationResult> ByTokenAsync(IQuerySession session, string token, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var checkedToken = OfflineVerification.Verify(token ?? "", sealer.Keys.Jwks());
        if (checkedToken is not { IsValid: true, Claims: { } claims })
        {
            throw new LedgerRefusal(RefusalCodes.CertificateTokenInvalid, checkedToken.Status switch
            {
                OfflineStatus.UnknownKey => "The QR code was signed by a key this service never published: it is not one of our certificates.",
                OfflineStatus.BadSignature => "The QR code's signature does not match what it says: it was changed.",
                _ => "The QR code's token is incomplete or not a certificate token: scan it again, or type the number and code.",
            });
        }

        var certificate = await session.LoadAsync<Certificate>(claims.CertificateId, cancellation);
        if (certificate is not { Content: { } content, Seal: { } seal } || content.Number != claims.Number)
        {
            return new CertificateVerificationResult(VerificationVerdict.Unknown, $"No certificate has the number {claims.Number}.");
        }

        return CertificateSealer.ContentHash(content) != claims.ContentHash
            ? new CertificateVerificationResult(VerificationVerdict.Altered,
                $"Certificate {content.Number} no longer matches what its QR code sealed: its content was changed after it was issued. Do not rely on it.", content.Number)
            : await VerdictAsync(session, certificate, content, seal, null, null, cancellation);
    }

    public async Task<CertificateVerificationResult> ByNumberAsync(
        IQuerySession session, string number, string code, string? name = null, string? idNumber = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var wanted = CertificateNumber.AsTyped(number)
            ?? throw new LedgerRefusal(RefusalCodes.CertificateNumberInvalid,
                "A certificate number reads <community code>-<year>-<sequence>, e.g. 8K2QZD-2026-000017.");
        var typedCode = VerificationCode.AsTyped(code)
            ?? throw new LedgerRefusal(RefusalCodes.VerificationCodeInvalid,
                $"A verification code has {VerificationCode.Length} letters and digits (XXXX-XXXX-XXXX), printed beside the number.");
        var certificate = await session.Query<Certificate>().Where(c => c.Content!.Number == wanted).SingleOrDefaultAsync(cancellation);
        if (certificate is not { Content: { } content, Seal: { } seal })
        {
            return new CertificateVerificationResult(VerificationVerdict.Unknown, $"No certificate has the number {wanted}.");
        }

        if (!sealer.CodeMatches(seal, typedCode))
        {
            return new CertificateVerificationResult(VerificationVerdict.WrongCode,
                $"The code does not match certificate {wanted}: check both against the paper.");
        }

        return await VerdictAsync(session, certificate, content, seal, name, idNumber, cancellation);
    }

    /// <summary>The verdict on a certificate found by its number or its QR token, after its code (or the token's signature) checked out.</summary>
    public async Task<CertificateVerificationResult> VerdictAsync(
        IQuerySession session, Certificate certificate, CertificateContent content, CertificateSeal seal, string? name, string? idNumber, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(seal);
        if (sealer.Check(content, seal) != SealCheck.Intact || content.CertificateId != certificate.Id)
        {
            return new CertificateVerificationResult(VerificationVerdict.Altered,
                $"Certificate {content.Number} does not match its seal: its content was changed after it was issued. Do not rely on it.",
                content.Number);
        }

        var revokedRecords = await RevokedAfterIssueAsync(session, content, certificate.IssuedAt ?? DateTimeOffset.MinValue, cancellation);
        var shown = new CertificateVerificationResult(VerificationVerdict.Valid, "", content.Number, content.Kind, content.Organization, content.IssuedOn,
            content.Period, content.TotalMinutes, content.Records.Count, content.StarLevel, RecordsRevokedAfterIssue: revokedRecords);
        if (certificate.Revocation is { } revocation)
        {
            return shown with
            {
                Verdict = VerificationVerdict.Revoked,
                Message = $"Certificate {content.Number} was revoked on {Ledger.Units.ChinaTime.DayOf(revocation.RevokedAt):yyyy-MM-dd} ({Words(revocation.Category)}). It no longer certifies anything.",
                RevokedAt = revocation.RevokedAt,
                RevocationCategory = revocation.Category,
            };
        }

        var person = await CertificatePerson.ReadAsync(session, cipher, home, certificate.VolunteerId, cancellation);
        var note = revokedRecords.Count == 0 ? "" : $" {RevokedNote(revokedRecords)}";
        if (person is not { Details: { } details, Salt: { } salt })
        {
            return shown with
            {
                Verdict = VerificationVerdict.PersonErased,
                Message = $"Certificate {content.Number} is genuine and its totals are confirmed; the volunteer's personal data was erased at their request, so the person cannot be confirmed.{note}",
            };
        }

        bool? matches = name is null ? null
            : PersonDigest.Matches(content.PersonDigest, salt, name, details.NationalIdType?.ToString(), idNumber ?? details.NationalId);
        return shown with
        {
            Message = $"Certificate {content.Number} is genuine and valid.{note}",
            MaskedName = Masking.Name(details.Name),
            IdType = details.NationalIdType?.ToString(),
            MaskedIdNumber = details.NationalId is { } id ? Masking.Mask(id) : null,
            PersonMatches = matches,
        };
    }

    private static async Task<IReadOnlyList<RevokedAfterIssue>> RevokedAfterIssueAsync(
        IQuerySession session, CertificateContent content, DateTimeOffset issuedAt, CancellationToken cancellation)
    {
        var ids = content.Records.Select(r => r.RecordId).ToArray();
        // A record's stream is a handful of events: read them all, keep the revocations.
        var events = await session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(ids)).ToListAsync(cancellation);
        return [.. events.Select(e => e.Data).OfType<ServiceRecordRevoked>().Where(e => e.RevokedAt > issuedAt)
            .Join(content.Records, e => e.RecordId, r => r.RecordId, (e, r) => new RevokedAfterIssue(r.RecordId, r.Day, r.Minutes, e.RevokedAt))
            .OrderBy(r => r.RevokedAt)];
    }

    private static string RevokedNote(IReadOnlyList<RevokedAfterIssue> revoked) => revoked.Count == 1
        ? $"1 record in this certificate ({revoked[0].Day:yyyy-MM-dd}) was revoked on {Ledger.Units.ChinaTime.DayOf(revoked[0].RevokedAt):yyyy-MM-dd}, after the certificate was issued."
        : $"{revoked.Count} records in this certificate were revoked after it was issued, the last on {Ledger.Units.ChinaTime.DayOf(revoked[^1].RevokedAt):yyyy-MM-dd}.";

    private static string Words(RevocationCategory category) => category switch
    {
        RevocationCategory.IssuedInError => "issued in error",
        RevocationCategory.RecordsCorrected => "the records behind it were corrected",
        RevocationCategory.Fraud => "obtained by false records",
        _ => "other reasons",
    };
}
