using System.Globalization;
using GraphQL;
using GraphQL.Types;
using Marten;
using Marten.Linq.MatchesSql;
using TimeBank.Api.Merchants;
using TimeBank.Api.GraphQL.Relay;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Projections;

namespace TimeBank.Api.GraphQL;

/// <summary>Reads of the ledger core. Who may read what is <see cref="ReadAccess"/>'s; here only the loading.</summary>
public sealed partial class LedgerQuery : ObjectGraphType
{
    private const string HistoryCursor = "history";
    private const string QueueCursor = "awaiting";
    private const string MerchantCursor = "merchant";

    public LedgerQuery()
    {
        Name = "Query";
        Description = "Reads of the ledger. Every read needs a bearer token; what the caller may not read answers as if it did not exist.";

        Field<NonNullGraphType<MeType>>("me")
            .Description("The signed-in caller: role, own account (a volunteer), communities, merchant (a cashier), so that nobody needs to know "
                + "their own UUID. Without a token: `UNAUTHENTICATED`.")
            .Resolve(context => new Me(context.RequireActor()));

        Field<NonNullGraphType<CommunityConnectionType>>("communities")
            .Description("Communities, in a stable order (by community UUID): every community of the city for a city admin, the communities a "
                + "staff member serves (their token's `community` claims) for staff. Anyone else is refused (`FORBIDDEN`): `me { communities }` "
                + $"names their own. `first` is 0 to {Paging.MaxPageSize} (default {Paging.DefaultPageSize}); anything else is `INVALID_INPUT`.")
            .ForwardPaging()
            .ResolveAsync(CommunityLists.ResolveCommunitiesAsync);

        Field<VolunteerAccountType>("account")
            .Description("A volunteer's account now, or as it stood at `asOf` (folded from the account's events). "
                + "Readable by the volunteer, staff of the home community and city admins; for anyone else it does not exist.")
            .Argument<NonNullGraphType<UuidIdGraphType>>("volunteerId", "The volunteer's id (or the account's global id).")
            .Argument<UtcDateTimeOffsetGraphType>("asOf", "A past moment; the balance after every event recorded up to it.")
            .ResolveAsync(ResolveAccountAsync);

        Field<VolunteerHistoryConnectionType>("history")
            .Description("What changed a volunteer's account, newest first. Same visibility as `account`. "
                + "Built asynchronously from the events: a change shows here shortly after it shows in `account`.")
            .Argument<NonNullGraphType<UuidIdGraphType>>("volunteerId", "The volunteer's id (or the account's global id).")
            .ForwardPaging()
            .ResolveAsync(ResolveHistoryAsync);

        Field<ServiceRecordConnectionType>("recordsAwaitingVerification")
            .Description("A community's submitted records, oldest service first. Staff of the community and city admins only.")
            .Argument<NonNullGraphType<UuidIdGraphType>>("communityId", "The community's UUID or global id.")
            .ForwardPaging()
            .ResolveAsync(ResolveAwaitingVerificationAsync);

        Field<ServiceRecordType>("serviceRecord")
            .Description("A service record. Readable by its volunteer, staff of its community and city admins; for anyone else it does not exist.")
            .Argument<NonNullGraphType<UuidIdGraphType>>("id", "The record's UUID (`recordId`) or its global id.")
            .ResolveAsync(ResolveServiceRecordAsync);

        Field<MerchantType>("merchant")
            .Description("A merchant. Readable by its cashiers, staff of its community and city admins; for anyone else it does not exist.")
            .Argument<NonNullGraphType<UuidIdGraphType>>("id", "The merchant's UUID (`merchantId`) or its global id.")
            .ResolveAsync(async context => await LoadReadableMerchantAsync(context, context.GetId("id")));

        Field<MerchantConnectionType>("merchants")
            .Description("A community's merchants, in the order they were registered. Staff of the community and city admins see every one; "
                + "a cashier sees only its own merchant; anyone else is refused (`FORBIDDEN`).")
            .Argument<NonNullGraphType<UuidIdGraphType>>("communityId", "The community's UUID or global id.")
            .ForwardPaging()
            .ResolveAsync(ResolveMerchantsAsync);

        Field<SettlementStatementType>("settlementStatement")
            .Description($"A merchant's settlement statement for the UTC days `from` to `to` (both included, at most {SettlementStatement.MaxDays} days): "
                + "points redeemed, refunded and net, per day and in total. Same visibility as `merchant`. Built asynchronously from the events: "
                + "a redemption shows here a moment after it is completed. As CSV: `GET /merchants/{merchantId}/statements.csv?from=&to=`.")
            .Argument<NonNullGraphType<UuidIdGraphType>>("merchantId", "The merchant's UUID or global id.")
            .Argument<NonNullGraphType<DateOnlyGraphType>>("from", "The first UTC day.")
            .Argument<NonNullGraphType<DateOnlyGraphType>>("to", "The last UTC day.")
            .ResolveAsync(ResolveSettlementStatementAsync);

        Field<NodeInterface>("node")
            .Description("The node with this global id (Relay). What the caller may not read answers exactly as an id that does not exist (`NOT_FOUND`).")
            .Argument<NonNullGraphType<UuidIdGraphType>>("id", "A global id: the `id` field of a node.")
            .Resolve(NodeLookup.Node);

        Field<NonNullGraphType<ListGraphType<NodeInterface>>>("nodes")
            .Description($"The nodes with these global ids, in the same order; at most {NodeLookup.MaxIds}. "
                + "An id that does not exist or that the caller may not read gives null in its place and a `NOT_FOUND` error at its path.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<UuidIdGraphType>>>>("ids", "Global ids: the `id` fields of nodes.")
            .ResolveAsync(NodeLookup.NodesAsync);

        AddCertificateQueries();
        AddCommendationQueries();
        AddBoardQueries();
        AddKpiQueries();
        AddCommunityBodyQueries();
        AddMerchantsTakingPointsQuery();
        AddPolicyQueries();
        AddSlotQueries();
        AddNeedQueries();
        AddGiftQueries();
    }

    /// <summary>Certificates and their public verification (Certificates/CertificateQueries.cs).</summary>
    partial void AddCertificateQueries();

    /// <summary>Commendations (Commendations/CommendationQueries.cs).</summary>
    partial void AddCommendationQueries();

    /// <summary>Leaderboards and where a volunteer stands (Standings/BoardQueries.cs).</summary>
    partial void AddBoardQueries();

    /// <summary>Community KPIs and their rollups (Standings/KpiQueries.cs).</summary>
    partial void AddKpiQueries();

    /// <summary>Social organizations and service stations (Communities/CommunityBodyQueries.cs).</summary>
    partial void AddCommunityBodyQueries();

    /// <summary>Where points can be spent (Merchants/MerchantsTakingPoints.cs).</summary>
    partial void AddMerchantsTakingPointsQuery();
    /// <summary>A district's policy in force (Communities/DistrictPolicyQuery.cs).</summary>
    partial void AddPolicyQueries();

    /// <summary>Time slots, the board of slots and volunteers by skill (Slots/SlotQueries.cs).</summary>
    partial void AddSlotQueries();
    /// <summary>Residents' needs: one need, my needs, the board (Needs/NeedQueries.cs).</summary>
    partial void AddNeedQueries();
    /// <summary>Relatives and community pools (Gifts/GiftQueries.cs).</summary>
    partial void AddGiftQueries();

    private static async Task<object?> ResolveAccountAsync(IResolveFieldContext context)
    {
        var actor = context.RequireActor();
        var volunteerId = context.GetId("volunteerId");
        var session = context.Service<IQuerySession>();
        var account = await LoadReadableAccountAsync(context, actor, session, volunteerId);
        if (context.GetArgument<DateTimeOffset?>("asOf") is not { } asOf)
        {
            return account;
        }

        // Visibility is decided on today's account (its home community); the answer is the fold up to asOf.
        return await session.Events.AggregateStreamAsync<VolunteerAccount>(volunteerId, timestamp: asOf, token: context.CancellationToken)
            ?? throw SchemaErrors.NotFound("Account", volunteerId);
    }

    private static async Task<object?> ResolveHistoryAsync(IResolveFieldContext context)
    {
        var actor = context.RequireActor();
        var volunteerId = context.GetId("volunteerId");
        var first = Paging.First(context);
        var cursor = Paging.After(context, HistoryCursor);
        var after = cursor is not null
            ? long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : throw SchemaErrors.InvalidInput("'after' is not a cursor of this connection.")
            : long.MaxValue;
        var session = context.Service<IQuerySession>();
        await LoadReadableAccountAsync(context, actor, session, volunteerId);

        var entries = await session.Query<VolunteerHistoryEntry>()
            .Where(h => h.VolunteerId == volunteerId && h.Sequence < after)
            .OrderByDescending(h => h.Sequence)
            .Take(first + 1)
            .ToListAsync(context.CancellationToken);
        return Paging.PageOf(entries, first, h => Paging.Cursor(HistoryCursor, h.Sequence.ToString(CultureInfo.InvariantCulture)), hasPrevious: cursor is not null);
    }

    private static async Task<object?> ResolveAwaitingVerificationAsync(IResolveFieldContext context)
    {
        var actor = context.RequireActor();
        var communityId = context.GetId("communityId");
        var first = Paging.First(context);
        var after = MomentPosition.Parse(Paging.After(context, QueueCursor));
        if (!ReadAccess.CanReadCommunityQueues(actor, communityId))
        {
            throw SchemaErrors.Of(Ledger.RefusalCodes.Forbidden, "Only staff of the community and city admins see its records awaiting verification.");
        }

        var session = context.Service<IQuerySession>();
        var query = session.Query<ServiceRecord>()
            .Where(r => r.CommunityId == communityId && r.Status == RecordStatus.Submitted);
        if (after is not null)
        {
            query = query.Where(r => r.StartedAt >= after.At);
        }

        // Keyset paging on (startedAt, id). Records sharing the cursor's start are few; the ones up to the cursor are
        // skipped here (uuid order in PostgreSQL and Guid.CompareTo agree).
        var records = await query.OrderBy(r => r.StartedAt).ThenBy(r => r.Id)
            .Take(MomentPosition.ToRead(first, after))
            .ToListAsync(context.CancellationToken);
        return MomentPosition.PageOf(records, first, after, QueueCursor, r => new MomentPosition(r.StartedAt, r.Id), newestFirst: false);
    }


    private static async Task<object?> ResolveServiceRecordAsync(IResolveFieldContext context)
    {
        var actor = context.RequireActor();
        var id = context.GetId("id");
        var record = await context.Service<IQuerySession>().LoadAsync<ServiceRecord>(id, context.CancellationToken);
        return record is not null && ReadAccess.CanReadRecord(actor, record) ? record : throw SchemaErrors.NotFound("Service record", id);
    }

    private static async Task<object?> ResolveMerchantsAsync(IResolveFieldContext context)
    {
        var actor = context.RequireActor();
        var communityId = context.GetId("communityId");
        var first = Paging.First(context);
        var after = Paging.AfterId(context, MerchantCursor);
        if (!ReadAccess.CanListMerchants(actor, communityId))
        {
            throw SchemaErrors.Of(RefusalCodes.Forbidden, "Only staff of the community, city admins and the community's merchants see its merchants.");
        }

        var query = context.Service<IQuerySession>().Query<Merchant>().Where(m => m.CommunityId == communityId);
        if (actor.Role == ActorRole.Merchant)
        {
            var own = actor.MerchantId ?? Guid.Empty;
            query = query.Where(m => m.Id == own);
        }

        if (after is { } afterId)
        {
            // Keyset paging on the id: version 7 ids sort in the order they were made (uuid order in PostgreSQL and
            // Guid.CompareTo agree).
            query = query.Where(m => m.MatchesSql("d.id > ?", afterId));
        }

        var merchants = await query.OrderBy(m => m.Id).Take(first + 1).ToListAsync(context.CancellationToken);
        return Paging.PageOf(merchants.Where(m => ReadAccess.CanReadMerchant(actor, m)).ToList(), first, m => Paging.IdCursor(MerchantCursor, m.Id), hasPrevious: after is not null);
    }

    private static async Task<object?> ResolveSettlementStatementAsync(IResolveFieldContext context)
    {
        var merchant = await LoadReadableMerchantAsync(context, context.GetId("merchantId"));
        var from = context.GetArgument<DateOnly>("from");
        var to = context.GetArgument<DateOnly>("to");
        if (SettlementStatement.ProblemWith(from, to) is { } problem)
        {
            throw SchemaErrors.InvalidInput(problem);
        }

        return await SettlementStatement.ReadAsync(context.Service<IQuerySession>(), merchant.Id, from, to, context.Service<Districts.DistrictSettings>().IsOn, context.CancellationToken);
    }

    /// <summary>The merchant if the caller may read it; otherwise, exactly as if it did not exist.</summary>
    private static async Task<Merchant> LoadReadableMerchantAsync(IResolveFieldContext context, Guid merchantId)
    {
        var actor = context.RequireActor();
        var merchant = await context.Service<IQuerySession>().LoadAsync<Merchant>(merchantId, context.CancellationToken);
        return merchant is not null && ReadAccess.CanReadMerchant(actor, merchant) ? merchant : throw SchemaErrors.NotFound("Merchant", merchantId);
    }

    /// <summary>The account if the caller may read it; otherwise, exactly as if it did not exist.</summary>
    private static async Task<VolunteerAccount> LoadReadableAccountAsync(IResolveFieldContext context, Actor actor, IQuerySession session, Guid volunteerId)
    {
        var account = await session.LoadAsync<VolunteerAccount>(volunteerId, context.CancellationToken);
        return account is not null && ReadAccess.CanReadAccount(actor, account) ? account : throw SchemaErrors.NotFound("Account", volunteerId);
    }
}
