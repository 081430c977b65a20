using Marten;
using TimeBank.Ledger;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Certificates;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Units;

namespace TimeBank.Api.Certificates.Bulk;

/// <summary>Staff of a community (or a city admin) start issuing the year's certificates to every volunteer with verified service there.</summary>
public sealed record StartBulkIssuance(Guid JobId, Guid CommunityId, int Year, CertificateSignatories Signatories, string Notes, Actor Actor);

/// <summary>
/// Starts the job: checks who may and what was given, lists the volunteers with verified service in the community in
/// the year (up to today, China time), stores the job and sends its first step, in one transaction (Wolverine's outbox),
/// so a job is never stored without the message that runs it. The same job id again returns the job as it stands.
/// </summary>
public static class StartBulkIssuanceHandler
{
    public static async Task<ContinueBulkIssuance?> Handle(StartBulkIssuance command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        if (await session.LoadAsync<BulkIssuance>(command.JobId, cancellation) is not null)
        {
            return null;
        }

        if (!command.Actor.MayActIn(command.CommunityId))
        {
            throw new LedgerRefusal(RefusalCodes.NotStaffOfCommunity, "Only staff of the community (or a city admin) issue its certificates.");
        }

        var now = clock.GetUtcNow();
        var today = ChinaTime.DayOf(now);
        if (command.Year > today.Year || command.Year < 2000)
        {
            throw new LedgerRefusal(RefusalCodes.CertificatePeriodInvalid, $"Certificates are issued for a year that has begun: {command.Year} has not.");
        }

        var signatories = CertificateDecider.Signed(command.Signatories);
        var notes = TextLimits.Within(command.Notes ?? "", "notes", TextLimits.Reason);
        var last = new DateOnly(command.Year, 12, 31);
        var period = new CertificatePeriod(new DateOnly(command.Year, 1, 1), last < today ? last : today);
        var volunteers = await VolunteersWithServiceAsync(session, command.CommunityId, period, cancellation);
        if (volunteers.Count == 0)
        {
            throw new LedgerRefusal(RefusalCodes.NoCertifiableService, $"The community has no verified service in {command.Year}: there is nothing to certify.");
        }

        var job = new BulkIssuance(command.JobId, command.CommunityId, command.Year, period, signatories, notes, command.Actor.PersonId, command.Actor.Role,
            now, volunteers, Next: 0, Issued: 0, Failures: [], BulkIssuanceStatus.Running, FinishedAt: null);
        session.Store(job);
        return new ContinueBulkIssuance(job.Id);
    }

    /// <summary>The volunteers with verified (or credited) service recorded by the community in the period, in id order.</summary>
    public static async Task<IReadOnlyList<Guid>> VolunteersWithServiceAsync(IQuerySession session, Guid communityId, CertificatePeriod period, CancellationToken cancellation)
    {
        var from = new DateTimeOffset(period.From.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();
        var until = new DateTimeOffset(period.To.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();
        var volunteers = await session.Query<ServiceRecord>()
            .Where(r => r.CommunityId == communityId && (r.Status == RecordStatus.Verified || r.Status == RecordStatus.Credited)
                && r.StartedAt >= from && r.StartedAt < until)
            .Select(r => r.VolunteerId)
            .Distinct()
            .ToListAsync(cancellation);
        return [.. volunteers.Order()];
    }
}
