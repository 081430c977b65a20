using GraphQL;
using Marten;
using TimeBank.Api.GraphQL;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.ServiceRecords;

/// <summary>
/// A volunteer's service records in every state, the latest service first: what they served, what still waits for
/// verification, what was rejected (which they may contest) or revoked. Read through the account, so only those who may
/// read the account get here; of its records each caller sees those <see cref="ServiceRecordVisibility"/> shows them:
/// the volunteer and city admins all, staff the records of the communities they serve
/// (<see cref="ReadAccess.RecordCommunitiesShown"/>).
/// </summary>
public static class RecordsOfVolunteer
{
    private const string Cursor = "records";

    public static async Task<object?> ResolveAsync(IResolveFieldContext<VolunteerAccount> context)
    {
        var actor = context.RequireActor();
        var first = Paging.First(context);
        var after = MomentPosition.Parse(Paging.After(context, Cursor));
        var volunteerId = context.Source.Id;

        var query = context.RequestServices!.GetRequiredService<IQuerySession>().Query<ServiceRecord>().Where(r => r.VolunteerId == volunteerId);
        if (ReadAccess.RecordCommunitiesShown(actor, volunteerId) is { } shown)
        {
            var communities = shown.ToArray();
            query = query.Where(r => r.CommunityId.IsOneOf(communities));
        }

        if (after is not null)
        {
            query = query.Where(r => r.StartedAt <= after.At);
        }

        // Keyset paging on (startedAt, id), both descending; records sharing the cursor's start are skipped here.
        var records = await query.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id)
            .Take(MomentPosition.ToRead(first, after))
            .ToListAsync(context.CancellationToken);
        return MomentPosition.PageOf(records, first, after, Cursor, r => new MomentPosition(r.StartedAt, r.Id), newestFirst: true);
    }
}
