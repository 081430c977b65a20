using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates.Bulk;

/// <summary>The next step of a bulk issuance: a durable message, so a job stopped by a restart carries on when the service is back.</summary>
public sealed record ContinueBulkIssuance(Guid JobId);

/// <summary>
/// Issues the next few certificates of the job, each in its own transaction through the ledger's
/// <see cref="IssueCertificate"/> (the same rules and numbering as one issued by hand), then records the progress and
/// sends the next step in one transaction. A step run again after a crash sends the same command ids: what was issued
/// is answered as issued before, and counted once.
/// </summary>
public static class ContinueBulkIssuanceHandler
{
    /// <summary>Volunteers per step: progress is saved this often.</summary>
    public const int StepSize = 10;

    public static async Task<ContinueBulkIssuance?> Handle(
        ContinueBulkIssuance step, IDocumentSession session, CommandSender sender, TimeProvider clock, CancellationToken cancellation)
    {
        var job = await session.LoadAsync<BulkIssuance>(step.JobId, cancellation);
        if (job is not { Status: BulkIssuanceStatus.Running })
        {
            return null;
        }

        var issued = 0;
        var failures = new List<BulkIssuanceFailure>();
        var volunteers = job.Volunteers.Skip(job.Next).Take(StepSize).ToList();
        foreach (var volunteerId in volunteers)
        {
            var certificateId = BulkIssuanceIds.Certificate(job.CommunityId, volunteerId, job.Year);
            var outcome = await sender.SendAsync(Idempotent.Of(BulkIssuanceIds.Command(certificateId, job.Period), new IssueCertificate(
                certificateId, new CertificateSubject(volunteerId, job.CommunityId, job.Period), job.Signatories, job.Notes, job.Issuer)), cancellation);
            if (outcome.Accepted)
            {
                issued++;
            }
            else
            {
                failures.Add(new BulkIssuanceFailure(volunteerId, outcome.Code ?? "REFUSED", outcome.Message ?? "Refused."));
            }
        }

        var next = job.Next + volunteers.Count;
        var finished = next >= job.Total;
        session.Store(job with
        {
            Next = next,
            Issued = job.Issued + issued,
            Failures = [.. job.Failures, .. failures],
            Status = finished ? BulkIssuanceStatus.Completed : BulkIssuanceStatus.Running,
            FinishedAt = finished ? clock.GetUtcNow() : null,
        });
        return finished ? null : new ContinueBulkIssuance(job.Id);
    }
}
