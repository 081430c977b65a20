using Marten;
using TimeBank.Api.Hosting;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.ServiceRecords;

/// <summary>Loads what a submission or amendment is checked against.</summary>
public static class RecordContexts
{
    public static async Task<RecordContext> LoadAsync(
        IDocumentSession session, PolicyBook policies, Guid projectId, Guid volunteerId, CancellationToken cancellation)
    {
        var project = await session.LoadAsync<Project>(projectId, cancellation);
        var policy = await policies.ForCommunityAsync(session, project?.CommunityId, cancellation);

        // Locks the volunteer's account stream for this transaction: two submissions for one volunteer are checked
        // for overlap one after the other, never side by side.
        var account = await session.Events.FetchForExclusiveWriting<VolunteerAccount>(volunteerId, cancellation);

        var schedule = await session.Query<ServiceRecord>()
            .Where(r => r.VolunteerId == volunteerId && r.Status != RecordStatus.Rejected && r.Status != RecordStatus.Revoked)
            .Select(r => new ServiceInterval(r.Id, r.StartedAt, r.EndedAt))
            .ToListAsync(cancellation);

        return new RecordContext(project, account.Aggregate is not null, schedule, policy);
    }
}
