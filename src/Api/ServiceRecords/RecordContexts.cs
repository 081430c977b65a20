using Marten;
using TimeBank.Api.Hosting;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.ServiceRecords;

/// <summary>Loads what a submission or amendment is checked against.</summary>
public static class RecordContexts
{
    /// <summary>
    /// Three round trips: the project with its community (one query), the lock on the volunteer's account, and the
    /// volunteer's records that could overlap <paramref name="startedAt"/>–<paramref name="endedAt"/> (the only ones the
    /// overlap check looks at), read after the lock.
    /// </summary>
    public static async Task<RecordContext> LoadAsync(
        IDocumentSession session, PolicyBook policies, Guid projectId, Guid volunteerId, DateTimeOffset startedAt, DateTimeOffset endedAt,
        CancellationToken cancellation)
    {
        Community? community = null;
        var project = await session.Query<Project>()
            .Include<Project, Community>(p => p.CommunityId, c => community = c)
            .Where(p => p.Id == projectId)
            .SingleOrDefaultAsync(cancellation);
        var policy = community is null ? LedgerPolicy.Default : policies.For(community.District);

        // Locks the volunteer's account stream for this transaction: two submissions for one volunteer are checked
        // for overlap one after the other, never side by side.
        var account = await session.Events.FetchForExclusiveWriting<VolunteerAccount>(volunteerId, cancellation);

        var schedule = await session.Query<ServiceRecord>()
            .Where(r => r.VolunteerId == volunteerId && r.Status != RecordStatus.Rejected && r.Status != RecordStatus.Revoked
                && r.StartedAt < endedAt && r.EndedAt > startedAt)
            .Select(r => new ServiceInterval(r.Id, r.StartedAt, r.EndedAt))
            .ToListAsync(cancellation);

        return new RecordContext(project, account.Aggregate is not null, schedule, policy);
    }
}
