using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates.Bulk;

public enum BulkIssuanceStatus
{
    Running,
    Completed,
}

/// <summary>A volunteer the job could not issue for, and why (the refusal's code and message; no personal data).</summary>
public sealed record BulkIssuanceFailure(Guid VolunteerId, string Code, string Message);

/// <summary>
/// A year-end bulk issuance of a community: one certificate for every volunteer with verified service there in the
/// year, issued a few at a time by durable messages (<see cref="ContinueBulkIssuance"/>). The volunteers are listed when
/// the job starts; <see cref="Next"/> is how far it got. Every certificate's id and command id are named by the community,
/// the volunteer and the year (<see cref="BulkIssuanceIds"/>), so work done again after a crash is answered as done
/// before: a volunteer never gets two certificates for the period.
/// </summary>
public sealed record BulkIssuance(
    Guid Id,
    Guid CommunityId,
    int Year,
    CertificatePeriod Period,
    CertificateSignatories Signatories,
    string Notes,
    Guid StartedBy,
    ActorRole StartedAs,
    DateTimeOffset StartedAt,
    IReadOnlyList<Guid> Volunteers,
    int Next,
    int Issued,
    IReadOnlyList<BulkIssuanceFailure> Failures,
    BulkIssuanceStatus Status,
    DateTimeOffset? FinishedAt)
{
    public int Total => Volunteers.Count;

    /// <summary>The volunteers dealt with so far, issued or failed.</summary>
    public int Done => Next;

    /// <summary>Who issues each certificate: the person who started the job, with the authority they had.</summary>
    public Actor Issuer => StartedAs == ActorRole.CityAdmin ? Actor.CityAdmin(StartedBy) : Actor.Staff(StartedBy, CommunityId);
}

/// <summary>The names of what a bulk issuance issues: the same on every run, so a resumed job repeats nothing.</summary>
public static class BulkIssuanceIds
{
    /// <summary>The year's bulk certificate of a volunteer in a community: one, however many jobs run that year.</summary>
    public static Guid Certificate(Guid communityId, Guid volunteerId, int year) =>
        Ledger.NameBasedId.From("bulk-certificate", communityId, volunteerId, year);

    /// <summary>The command that issues it over a period: a step run again repeats it (and is answered as before).</summary>
    public static Guid Command(Guid certificateId, CertificatePeriod period) =>
        Ledger.NameBasedId.From("bulk-certificate-issue", certificateId, period.From.ToString("O"), period.To.ToString("O"));
}
