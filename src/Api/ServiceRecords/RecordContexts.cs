using System.Linq.Expressions;
using Marten;
using Marten.Services.BatchQuerying;
using TimeBank.Api.Districts;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Projections;

namespace TimeBank.Api.ServiceRecords;

/// <summary>Loads what a submission or amendment is checked against.</summary>
public static class RecordContexts
{
    /// <summary>The records that occupy the volunteer's time: all but the rejected and the revoked.</summary>
    public static readonly Expression<Func<ServiceRecord, bool>> Occupies = r => r.Status != RecordStatus.Rejected && r.Status != RecordStatus.Revoked;

    /// <summary>
    /// One round trip: the project, the lock on the volunteer's account, and the volunteer's records that could overlap
    /// <paramref name="startedAt"/>–<paramref name="endedAt"/> (the only ones the overlap check looks at), found by the
    /// schedule's index without reading the volunteer's other records (ADR 0026). The statements of a batch run in order,
    /// so the overlap query reads after the lock is taken. The district's policy comes from the policy book, which knows
    /// each community's district after its first load. Districts mode: a volunteer with no account here is registered when
    /// the city directory knows their home (they serve here, their account lives there: ADR 0047).
    /// </summary>
    public static async Task<RecordContext> LoadAsync(
        IDocumentSession session, PolicyBook policies, CityDirectory directory, Guid projectId, Guid volunteerId, DateTimeOffset startedAt,
        DateTimeOffset endedAt, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var context = Read(batch, session, policies, directory, projectId, volunteerId, startedAt, endedAt, cancellation);
        await batch.Execute(cancellation);
        return await context();
    }

    /// <summary>As <see cref="LoadAsync"/>, added to a batch the caller executes; the context is ready once it has.</summary>
    public static Func<Task<RecordContext>> Read(
        IBatchedQuery batch, IDocumentSession session, PolicyBook policies, CityDirectory directory, Guid projectId, Guid volunteerId,
        DateTimeOffset startedAt, DateTimeOffset endedAt, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(directory);
        var projectLoad = batch.Load<Project>(projectId);

        // Locks the volunteer's account stream for this transaction: two submissions for one volunteer are checked
        // for overlap one after the other, never side by side.
        var accountFetch = batch.Events.FetchForExclusiveWriting<VolunteerAccount>(volunteerId);
        var scheduleQuery = batch.Query<ServiceRecord>()
            .Where(ServiceRecordSchedule.Overlapping(volunteerId, startedAt, endedAt))
            .Where(Occupies)
            .Select(r => new ServiceInterval(r.Id, r.StartedAt, r.EndedAt))
            .ToList();
        return async () =>
        {
            var project = await projectLoad;
            var account = await accountFetch;
            var schedule = await scheduleQuery;
            var policy = await policies.ForCommunityAsync(session, project?.CommunityId, cancellation);
            var registered = account.Aggregate is not null || await directory.KnowsAsync(volunteerId, cancellation);
            return new RecordContext(project, registered, schedule, policy);
        };
    }
}
