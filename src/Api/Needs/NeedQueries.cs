using GraphQL;
using GraphQL.Types;
using Marten;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.Needs;
using TimeBank.Api.PersonalData;
using TimeBank.Ledger;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Needs;

namespace TimeBank.Api.GraphQL;

/// <summary>Residents' needs: one need, the caller's needs, and the board of open needs (ADR 0044).</summary>
public sealed partial class LedgerQuery
{
    private const string BoardCursor = "needs";
    private const string MyNeedsCursor = "myNeeds";
    private const string CommunityNeedsCursor = "communityNeeds";

    partial void AddNeedQueries()
    {
        Field<NeedType>("need")
            .Description("A resident's need. Its resident, its accepting volunteer, staff of its community and city admins see it whole; anyone "
                + "else signed in sees the board's public view (the party fields are null). `NOT_FOUND` if there is none.")
            .Argument<NonNullGraphType<UuidIdGraphType>>("id", "The need's UUID.")
            .ResolveAsync(async context =>
            {
                var actor = context.RequireActor();
                var id = context.GetId("id");
                return await NeedReads.ViewAsync(context.Service<IQuerySession>(), actor, id, context.CancellationToken)
                    ?? throw SchemaErrors.NotFound("Need", id);
            });

        Field<NonNullGraphType<NeedConnectionType>>("myNeeds")
            .Description("The needs the caller posted (as resident) and accepted (as volunteer), in every state, the latest posted first. "
                + $"`first` is 0 to {Paging.MaxPageSize}.")
            .ForwardPaging()
            .ResolveAsync(async context =>
            {
                var actor = context.RequireActor();
                var first = Paging.First(context);
                var after = MomentPosition.Parse(Paging.After(context, MyNeedsCursor));
                var query = context.Service<IQuerySession>().Query<Need>().Where(n => n.ResidentId == actor.PersonId || n.VolunteerId == actor.PersonId);
                if (after is not null)
                {
                    query = query.Where(n => n.PostedAt <= after.At);
                }

                var read = await query.OrderByDescending(n => n.PostedAt).ThenByDescending(n => n.Id)
                    .Take(MomentPosition.ToRead(first, after)).ToListAsync(context.CancellationToken);
                var page = MomentPosition.PageOf(read, first, after, MyNeedsCursor, n => new MomentPosition(n.PostedAt, n.Id), newestFirst: true);
                return Views(page, n => NeedView.For(actor, n));
            });

        Field<NonNullGraphType<NeedConnectionType>>("communityNeeds")
            .Description("A community's needs, for its staff to act on: confirm for a resident without a phone, decide a dispute, watch the open ones. "
                + "In every state or only those in `status`, the soonest service first; each whole, with its resident and volunteer as volunteer number "
                + "and masked name (no phone, no ID number). Staff of the community and city admins only; anyone else is refused (`FORBIDDEN`). "
                + $"`first` is 0 to {Paging.MaxPageSize}; anything else is `INVALID_INPUT`.")
            .Argument<NonNullGraphType<UuidIdGraphType>>("communityId", "The community's UUID or global id.")
            .Argument<ListGraphType<NonNullGraphType<NeedStatusType>>>("status", "Only the needs in one of these states (all of them when absent or empty).")
            .ForwardPaging()
            .ResolveAsync(async context =>
            {
                var actor = context.RequireActor();
                var communityId = context.GetId("communityId");
                var first = Paging.First(context);
                var after = MomentPosition.Parse(Paging.After(context, CommunityNeedsCursor));
                if (!ReadAccess.CanReadCommunityQueues(actor, communityId))
                {
                    throw SchemaErrors.Of(RefusalCodes.Forbidden, "Only staff of the community and city admins see its needs.");
                }

                var session = context.Service<IQuerySession>();
                var query = session.Query<Need>().Where(n => n.CommunityId == communityId);
                if (context.GetArgument<List<NeedStatus>?>("status") is { Count: > 0 } statuses)
                {
                    var wanted = statuses.Distinct().ToArray();
                    query = query.Where(n => wanted.Contains(n.Status));
                }

                if (after is not null)
                {
                    query = query.Where(n => n.StartsAt >= after.At);
                }

                var read = await query.OrderBy(n => n.StartsAt).ThenBy(n => n.Id).Take(MomentPosition.ToRead(first, after)).ToListAsync(context.CancellationToken);
                var page = MomentPosition.PageOf(read, first, after, CommunityNeedsCursor, n => new MomentPosition(n.StartsAt, n.Id), newestFirst: false);
                var parties = await NeedParties.ReadAsync(session, context.Service<PersonalDataVault>(), page.Edges.Select(e => e.Node), context.CancellationToken);
                return Views(page, n => NeedView.For(actor, n) with { Parties = parties });
            });

        Field<NonNullGraphType<NeedConnectionType>>("needBoard")
            .Description("The board: open needs nobody has accepted yet, of one community or (without `communityId`) the whole city, the soonest first. "
                + "Anyone signed in may read it; it shows the public view only (no resident, no volunteer). "
                + $"`first` is 0 to {Paging.MaxPageSize}; anything else, or `from` after `to`, is `INVALID_INPUT`.")
            .Argument<UuidIdGraphType>("communityId", "Only the needs posted in this community.")
            .Argument<StringGraphType>("skill", "Only the needs that ask for this skill (as written, e.g. \"driving\").")
            .Argument<UtcDateTimeOffsetGraphType>("from", "Only the needs starting at or after this moment.")
            .Argument<UtcDateTimeOffsetGraphType>("to", "Only the needs starting before this moment.")
            .Argument<StringGraphType>("place", "Only the needs whose place contains this text (any case).")
            .ForwardPaging()
            .ResolveAsync(async context =>
            {
                var actor = context.RequireActor();
                var first = Paging.First(context);
                var after = MomentPosition.Parse(Paging.After(context, BoardCursor));
                var now = context.Service<TimeProvider>().GetUtcNow();
                var from = context.GetArgument<DateTimeOffset?>("from");
                var to = context.GetArgument<DateTimeOffset?>("to");
                if (from is not null && to is not null && from > to)
                {
                    throw SchemaErrors.InvalidInput("'from' is after 'to'.");
                }

                var query = context.Service<IQuerySession>().Query<Need>().Where(n => n.Status == NeedStatus.Open && n.ExpiresAt > now);
                if (context.GetArgument<Guid?>("communityId") is { } communityId)
                {
                    query = query.Where(n => n.CommunityId == communityId);
                }

                if (context.GetArgument<string?>("skill") is { Length: > 0 } skill)
                {
                    var trimmed = skill.Trim();
                    query = query.Where(n => n.Skills.Contains(trimmed));
                }

                if (from is { } start)
                {
                    query = query.Where(n => n.StartsAt >= start);
                }

                if (to is { } end)
                {
                    query = query.Where(n => n.StartsAt < end);
                }

                if (context.GetArgument<string?>("place") is { Length: > 0 } place)
                {
                    var trimmed = place.Trim();
                    query = query.Where(n => n.Place.Contains(trimmed, StringComparison.OrdinalIgnoreCase));
                }

                if (after is not null)
                {
                    query = query.Where(n => n.StartsAt >= after.At);
                }

                var read = await query.OrderBy(n => n.StartsAt).ThenBy(n => n.Id).Take(MomentPosition.ToRead(first, after)).ToListAsync(context.CancellationToken);
                var page = MomentPosition.PageOf(read, first, after, BoardCursor, n => new MomentPosition(n.StartsAt, n.Id), newestFirst: false);
                // The board is public: nobody's id on it, whoever reads.
                return Views(page, n => new NeedView(n, Whole: false));
            });
    }

    private static Page<NeedView> Views(Page<Need> page, Func<Need, NeedView> view) =>
        new([.. page.Edges.Select(e => new Edge<NeedView>(e.Cursor, view(e.Node)))], page.PageInfo);
}
