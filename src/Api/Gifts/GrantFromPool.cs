using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Gifts;

namespace TimeBank.Api.Gifts;

/// <summary>
/// Staff grant pool credits to a resident in need, with a reason: the ledger's <see cref="GrantFromPool"/> on the pool,
/// and the resident's side in the same transaction. The resident's account is locked before the pool (accounts first,
/// then pools, in every writer), so a grant and a donation never deadlock; two grants from one pool wait for each other.
/// </summary>
public static class GrantFromPoolHandler
{
    public static async Task<Accepted> Handle(GrantFromPool command, IDocumentSession session, PolicyBook policies, TimeProvider clock, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var resident = await session.Events.FetchForExclusiveWriting<VolunteerAccount>(command.ResidentId, cancellation);
        var pool = await session.Events.FetchForExclusiveWriting<CommunityPool>(CommunityPool.StreamIdOf(command.CommunityId), cancellation);
        var policy = await policies.ForCommunityAsync(session, command.CommunityId, cancellation);
        var events = CommunityPoolDecider.Decide(command, pool.Aggregate, policy, now, resident.Aggregate);
        pool.AppendMany(events);
        foreach (var granted in events.OfType<PoolGranted>())
        {
            resident.AppendMany(VolunteerAccountDecider.Receive(CommunityPoolDecider.ReceivingOf(granted), resident.Aggregate, now));
        }

        return new Accepted(CommunityPool.StreamIdOf(command.CommunityId));
    }
}

public static class GrantFromPoolField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<GrantFromPoolInputType, GrantFromPoolInput, CommunityPoolPayloadType, PoolView>(
            "grantFromPool", "Staff of a community grant time credits (minutes) from its pool to a resident in need (any member of the city), with a reason; "
                + "never more than the pool holds. Refusals: `NOT_STAFF_OF_COMMUNITY`, `REASON_REQUIRED`, `TEXT_TOO_LONG`, `INVALID_AMOUNT`, "
                + "`VOLUNTEER_NOT_FOUND`, `INSUFFICIENT_POOL_CREDITS`, `RECEIVER_CAP_EXCEEDED`.",
            (actor, i) => Idempotent.Of(i.CommandId, new GrantFromPool(i.CommandId, i.CommunityId, i.ResidentId, Amounts.MinutesIn(i.TimeCredits, "timeCredits"), i.Reason, actor)),
            (session, actor, outcome, token) => CommunityPoolPayloadType.LoadAsync(session, actor, outcome, token));
}

public sealed class GrantFromPoolInput
{
    public Guid CommandId { get; init; }
    public Guid CommunityId { get; init; }
    public Guid ResidentId { get; init; }
    public int TimeCredits { get; init; }
    public string Reason { get; init; } = string.Empty;
}

public sealed class GrantFromPoolInputType : InputObjectGraphType<GrantFromPoolInput>
{
    public GrantFromPoolInputType()
    {
        Name = "GrantFromPoolInput";
        Description = "A grant from a community's pool to a resident in need. The command id is also the grant's (transfer's) id.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The community whose pool grants; the caller must be its staff (`NOT_STAFF_OF_COMMUNITY`).");
        Field<NonNullGraphType<UuidIdGraphType>>("residentId").Description("The resident in need (a volunteer id of any community of the city).");
        Field<NonNullGraphType<IntGraphType>>("timeCredits").Description("How many minutes of time credits; at least 1, at most the pool's `available` (`INSUFFICIENT_POOL_CREDITS`).");
        Field<NonNullGraphType<StringGraphType>>("reason").Description($"Why the resident is granted them; required (`REASON_REQUIRED`), at most {TextLimits.Reason} characters. Seen by the community's staff and the area's admins.");
    }
}
