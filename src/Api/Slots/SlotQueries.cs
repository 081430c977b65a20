using GraphQL;
using GraphQL.Types;
using Marten;
using Marten.Linq.MatchesSql;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.PersonalData;
using TimeBank.Api.Slots;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Slots;

namespace TimeBank.Api.GraphQL;

/// <summary>The time slots and the board of slots and skills (Slots/).</summary>
public sealed partial class LedgerQuery
{
    private const string ProjectSlotsCursor = "project-slots";
    private const string MySignUpsCursor = "my-sign-ups";
    private const string SlotBoardCursor = "slot-board";
    private const string SkilledCursor = "skilled";

    partial void AddSlotQueries()
    {
        Field<SlotType>("slot")
            .Description("A time slot. Any signed-in member of the city reads it; what it shows beyond counts depends on the caller (see `Slot`). "
                + "Districts mode: found in whichever district keeps it (`DISTRICT_UNAVAILABLE` when none that answered has it and one did not).")
            .Argument<NonNullGraphType<UuidIdGraphType>>("slotId", "The slot's UUID.")
            .ResolveAsync(async context =>
            {
                context.RequireActor();
                var slotId = context.GetId("slotId");
                return (await SchemaErrors.UnlessRefusedAsync(() => context.Service<Districts.EveryDistrict>().LoadAsync<Slot>(
                    context.Service<IQuerySession>(), slotId, "The slot", context.CancellationToken))).Document;
            });

        Field<NonNullGraphType<SlotConnectionType>>("projectSlots")
            .Description("A project's slots, cancelled and past ones included, by start time.")
            .Argument<NonNullGraphType<UuidIdGraphType>>("projectId", "The project's UUID or global id.")
            .ForwardPaging()
            .ResolveAsync(async context =>
            {
                context.RequireActor();
                var projectId = context.GetId("projectId");
                return await SlotPageAsync(context, ProjectSlotsCursor, q => q.Where(s => s.ProjectId == projectId));
            });

        Field<NonNullGraphType<SlotConnectionType>>("mySignUps")
            .Description("The slots the caller has a place in or waits for (any state; cancelled ones too, so that they learn of it), by start time. "
                + "Districts mode: those of every district; a district that does not answer is named beside the page (`DISTRICT_UNAVAILABLE` in `errors`).")
            .Argument<UtcDateTimeOffsetGraphType>("from", "Only slots starting at or after this moment; absent: all.")
            .ForwardPaging()
            .ResolveAsync(async context =>
            {
                var me = context.RequireActor().PersonId;
                var from = context.GetArgument<DateTimeOffset?>("from");
                return await SlotPageAsync(context, MySignUpsCursor, q =>
                {
                    q = q.Where(s => s.SignUps.Any(a => a.VolunteerId == me) || s.Waiting.Contains(me));
                    return from is { } f ? q.Where(s => s.StartsAt >= f) : q;
                }, inEveryDistrict: true);
            });

        Field<NonNullGraphType<SlotConnectionType>>("slotBoard")
            .Description("The board: slots still open for sign-up (not cancelled, not started), in one community or city-wide (通存通兑: a member of "
                + "any community may sign up), soonest first; full slots included (sign-up puts one on the waiting list, `placesLeft` says so). "
                + "Districts mode: every district's slots; a district that does not answer is named beside the page (`DISTRICT_UNAVAILABLE` in `errors`).")
            .Argument<UuidIdGraphType>("communityId", "Only this community's slots; absent: the whole city.")
            .Argument<StringGraphType>("skill", "Only slots that want this skill (compared in lower case).")
            .Argument<UtcDateTimeOffsetGraphType>("from", "Only slots starting at or after this moment; absent or past: now.")
            .Argument<UtcDateTimeOffsetGraphType>("to", "Only slots starting before this moment.")
            .Argument<StringGraphType>("place", "Only slots whose place contains this text (case-insensitive).")
            .ForwardPaging()
            .ResolveAsync(async context =>
            {
                context.RequireActor();
                var now = context.Service<TimeProvider>().GetUtcNow();
                var from = context.GetArgument<DateTimeOffset?>("from") is { } f && f > now ? f : now;
                var to = context.GetArgument<DateTimeOffset?>("to");
                var communityId = context.HasArgument("communityId") && context.GetArgument<object?>("communityId") is not null ? context.GetId("communityId") : (Guid?)null;
                var skill = context.GetArgument<string?>("skill") is { } s && !string.IsNullOrWhiteSpace(s) ? s.Trim().ToLowerInvariant() : null;
                var place = context.GetArgument<string?>("place") is { } p && !string.IsNullOrWhiteSpace(p) ? p.Trim() : null;
                return await SlotPageAsync(context, SlotBoardCursor, q =>
                {
                    q = q.Where(x => x.Status == SlotStatus.Open && x.StartsAt > from);
                    if (to is { } until)
                    {
                        q = q.Where(x => x.StartsAt < until);
                    }

                    if (communityId is { } community)
                    {
                        q = q.Where(x => x.CommunityId == community);
                    }

                    if (skill is not null)
                    {
                        q = q.Where(x => x.SkillsWanted.Contains(skill));
                    }

                    return place is null ? q : q.Where(x => x.Place.Contains(place, StringComparison.OrdinalIgnoreCase));
                }, inEveryDistrict: true);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<VolunteerSkillType>>>>("mySkills")
            .Description("The caller's own skills, in the order declared, each confirmed or not; empty for anyone who declared none.")
            .ResolveAsync(async context =>
            {
                var me = context.RequireActor().PersonId;
                var skills = await context.Service<IQuerySession>().LoadAsync<VolunteerSkills>(VolunteerSkills.StreamIdOf(me), context.CancellationToken);
                return skills?.Skills ?? [];
            });

        Field<NonNullGraphType<SkilledVolunteerConnectionType>>("volunteersBySkill")
            .Description("Who can help: volunteers of the whole city who declared a skill, with their volunteer number and masked name only; "
                + "those who left the public boards are not listed. Any signed-in member may search.")
            .Argument<NonNullGraphType<StringGraphType>>("skill", "The skill (compared in lower case).")
            .Argument<BooleanGraphType>("confirmedOnly", "Only volunteers whose skill staff confirmed.", a => a.DefaultValue = false)
            .ForwardPaging()
            .ResolveAsync(ResolveVolunteersBySkillAsync);
    }

    /// <summary>
    /// A page of slots in start order. <paramref name="inEveryDistrict"/>, in districts mode: the same page read in every
    /// district and merged (a volunteer serves in any district); a district that does not answer is named beside it.
    /// </summary>
    private static async Task<object?> SlotPageAsync(
        IResolveFieldContext context, string cursor, Func<IQueryable<Slot>, IQueryable<Slot>> filter, bool inEveryDistrict = false)
    {
        var first = Paging.First(context);
        var after = MomentPosition.Parse(Paging.After(context, cursor));
        async Task<IReadOnlyList<Slot>> ReadAsync(IQuerySession session)
        {
            var query = filter(session.Query<Slot>());
            if (after is not null)
            {
                query = query.Where(s => s.StartsAt >= after.At);
            }

            // Keyset paging on (startsAt, id), both ascending; slots sharing the cursor's start are skipped by PageOf.
            return await query.OrderBy(s => s.StartsAt).ThenBy(s => s.Id).Take(MomentPosition.ToRead(first, after)).ToListAsync(context.CancellationToken);
        }

        var everyDistrict = context.Service<Districts.EveryDistrict>();
        IReadOnlyList<Slot> slots;
        if (inEveryDistrict && everyDistrict.IsOn)
        {
            var (answers, silent) = await everyDistrict.GatherAsync(ReadAsync);
            if (silent.Count > 0)
            {
                SchemaErrors.Beside(context, Districts.EveryDistrict.NotAnswered(silent, "the slots"));
            }

            // Each district's page is in (startsAt, id) order; so is their merge (uuid order in PostgreSQL and Guid.CompareTo agree).
            slots = [.. answers.SelectMany(page => page).OrderBy(s => s.StartsAt).ThenBy(s => s.Id)];
        }
        else
        {
            slots = await ReadAsync(context.Service<IQuerySession>());
        }

        return MomentPosition.PageOf(slots, first, after, cursor, s => new MomentPosition(s.StartsAt, s.Id), newestFirst: false);
    }

    private static async Task<object?> ResolveVolunteersBySkillAsync(IResolveFieldContext context)
    {
        context.RequireActor();
        var first = Paging.First(context);
        var after = Paging.AfterId(context, SkilledCursor);
        var skill = Skills.Normalize(context.GetArgument<string>("skill") ?? string.Empty);
        var confirmedOnly = context.GetArgument("confirmedOnly", false);
        var session = context.Service<IQuerySession>();
        var query = confirmedOnly
            ? session.Query<VolunteerSkills>().Where(v => v.Skills.Any(k => k.Name == skill && k.ConfirmedBy != null))
            : session.Query<VolunteerSkills>().Where(v => v.Skills.Any(k => k.Name == skill));
        if (after is { } afterId)
        {
            query = query.Where(v => v.MatchesSql("d.id > ?", afterId));
        }

        var read = await query.OrderBy(v => v.Id).Take(first + 1).ToListAsync(context.CancellationToken);
        var ids = read.Select(v => v.VolunteerId).ToArray();
        var accounts = (await session.LoadManyAsync<VolunteerAccount>(context.CancellationToken, ids)).ToDictionary(a => a.Id);
        var profiles = await session.LoadManyAsync<VolunteerProfile>(context.CancellationToken, ids);
        var names = await context.Service<PersonalDataVault>().ReadNamesAsync(session, profiles, context.CancellationToken);
        var shown = read
            .Select(v => (Skills: v, Account: accounts.GetValueOrDefault(v.VolunteerId)))
            .Select(v => new SkilledVolunteer(
                v.Skills.Id,
                v.Account is { OnPublicBoards: true, PersonalDataErasedAt: null } ? v.Account.VolunteerNumber : null,
                v.Account is { OnPublicBoards: true, PersonalDataErasedAt: null } && names.TryGetValue(v.Skills.VolunteerId, out var name) ? Masking.Name(name) : null,
                v.Skills.Skills))
            .ToList();
        // Paged on what was read, so the cursors stay stable; who left the boards is dropped from the page, not from the paging.
        var page = Paging.PageOf(shown, first, v => Paging.IdCursor(SkilledCursor, v.Id), after is not null);
        return page with { Edges = [.. page.Edges.Where(e => e.Node.VolunteerNumber is not null)] };
    }
}
