using GraphQL;
using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Loading;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Gifts;
using TimeBank.Ledger.Units;

namespace TimeBank.Api.Gifts;

public sealed class DirectRelationType : EnumerationGraphType<DirectRelation>
{
    public DirectRelationType()
    {
        Name = "DirectRelation";
        Description = "A direct relative (直系亲属): spouse, parent, child, grandparent or grandchild (ADR 0045). Siblings and in-laws are not direct relatives.";
        Values.FindByValue(DirectRelation.Spouse)!.Description = "Husband or wife (配偶).";
        Values.FindByValue(DirectRelation.Parent)!.Description = "Father or mother (父母).";
        Values.FindByValue(DirectRelation.Child)!.Description = "Son or daughter (子女).";
        Values.FindByValue(DirectRelation.Grandparent)!.Description = "Grandfather or grandmother, on either side (祖父母、外祖父母).";
        Values.FindByValue(DirectRelation.Grandchild)!.Description = "Grandson or granddaughter, through a son or a daughter (孙子女、外孙子女).";
    }
}

public sealed class RelationStateType : EnumerationGraphType<RelationState>
{
    public RelationStateType()
    {
        Name = "RelationState";
        Description = "Where a relation stands.";
        Values.FindByValue(RelationState.Pending)!.Description = "Recorded by staff, waiting for one or both members to confirm.";
        Values.FindByValue(RelationState.Confirmed)!.Description = "Both members confirmed: gifts may go along it.";
        Values.FindByValue(RelationState.Ended)!.Description = "Ended: no gift goes along it.";
    }
}

/// <summary>A relation as staff and its members see it. Ids only: names are on <see cref="RelativeType"/>, masked.</summary>
public sealed class RelationType : ObjectGraphType<Relation>
{
    public RelationType()
    {
        Name = "Relation";
        Description = "A direct relation between two registered members, recorded by staff and confirmed by both.";
        Field<NonNullGraphType<UuidIdGraphType>>("relationId").Description("The relation's UUID (the pair's).").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<UuidIdGraphType>>("memberId").Description("One member.").Resolve(c => c.Source.MemberId);
        Field<NonNullGraphType<UuidIdGraphType>>("relativeId").Description("The other member.").Resolve(c => c.Source.RelativeId);
        Field<NonNullGraphType<DirectRelationType>>("kind").Description("What `relativeId` is to `memberId`.").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<RelationStateType>>("state").Description("Pending, confirmed or ended.").Resolve(c => c.Source.State);
        Field<NonNullGraphType<BooleanGraphType>>("memberConfirmed").Description("Whether `memberId` confirmed.").Resolve(c => c.Source.MemberConfirmed);
        Field<NonNullGraphType<BooleanGraphType>>("relativeConfirmed").Description("Whether `relativeId` confirmed.").Resolve(c => c.Source.RelativeConfirmed);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("recordedAt").Description("When staff recorded it.").Resolve(c => c.Source.RecordedAt);
        Field<UtcDateTimeOffsetGraphType>("confirmedAt").Description("When the second member confirmed it.").Resolve(c => c.Source.ConfirmedAt);
        Field<UtcDateTimeOffsetGraphType>("endedAt").Description("When it ended.").Resolve(c => c.Source.EndedAt);
    }
}

public sealed class RelationPayloadType()
    : PayloadGraphType<RelationType, Relation>("RelationPayload", "relation", "The relation as it stands now, if the caller may read it.",
        "What recordRelation, confirmRelation and endRelation answer.")
{
    public static async Task<Relation?> LoadAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation) =>
        await MutationFields.LoadStreamAsync<Relation>(session, outcome, cancellation) is { } relation && relation.IsVisibleTo(actor) ? relation : null;
}

/// <summary>One relative of a member, as that member (or their staff) sees them.</summary>
public sealed record Relative(Relation Relation, Guid SeenBy, string? VolunteerNumber, string? MaskedName);

public sealed class RelativeType : ObjectGraphType<Relative>
{
    public RelativeType()
    {
        Name = "Relative";
        Description = "A relative of the member asked about, with the relation's state. The relative's name is masked; erased persons have none.";
        Field<NonNullGraphType<UuidIdGraphType>>("relationId").Description("The relation (for `confirmRelation`, `endRelation`).").Resolve(c => c.Source.Relation.Id);
        Field<NonNullGraphType<UuidIdGraphType>>("relativeId").Description("The relative's volunteer id (for `giveGift`).").Resolve(c => c.Source.Relation.OtherOf(c.Source.SeenBy));
        Field<StringGraphType>("volunteerNumber").Description("The relative's volunteer number.").Resolve(c => c.Source.VolunteerNumber);
        Field<StringGraphType>("maskedName").Description("The relative's name, masked (e.g. 张*).").Resolve(c => c.Source.MaskedName);
        Field<NonNullGraphType<DirectRelationType>>("kind").Description("What the relative is to the member.").Resolve(c => c.Source.Relation.KindSeenBy(c.Source.SeenBy));
        Field<NonNullGraphType<RelationStateType>>("state").Description("Pending, confirmed or ended.").Resolve(c => c.Source.Relation.State);
        Field<NonNullGraphType<BooleanGraphType>>("confirmedByMember").Description("Whether the member confirmed their side.")
            .Resolve(c => c.Source.Relation.HasConfirmed(c.Source.SeenBy));
        Field<NonNullGraphType<BooleanGraphType>>("confirmedByRelative").Description("Whether the relative confirmed their side.")
            .Resolve(c => c.Source.Relation.HasConfirmed(c.Source.Relation.OtherOf(c.Source.SeenBy)));
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("recordedAt").Description("When staff recorded it.").Resolve(c => c.Source.Relation.RecordedAt);
    }
}

/// <summary>What a member's account shows of gifts this year (China time) under their home district's policy.</summary>
public sealed record AccountGifts(int Year, long GivenThisYear, long ReceivedThisYear, long YearlyCap, long Donated, long GrantsReceived)
{
    public long CapLeft => Math.Max(0, YearlyCap - GivenThisYear);
}

public sealed class AccountGiftsType : ObjectGraphType<AccountGifts>
{
    public AccountGiftsType()
    {
        Name = "AccountGifts";
        Description = "Gifts to and from relatives this calendar year (China time), the yearly cap and what is left of it, donations and grants (ADR 0045).";
        Field<NonNullGraphType<IntGraphType>>("year").Description("The calendar year in China.").Resolve(c => c.Source.Year);
        Field<NonNullGraphType<IntGraphType>>("givenThisYear").Description("Minutes of time credits given to relatives this year.").Resolve(c => Amounts.MinutesOut(c.Source.GivenThisYear));
        Field<NonNullGraphType<IntGraphType>>("receivedThisYear").Description("Minutes received from relatives this year.").Resolve(c => Amounts.MinutesOut(c.Source.ReceivedThisYear));
        Field<NonNullGraphType<IntGraphType>>("yearlyCap").Description("Minutes a member may give in a year (the home district's policy).").Resolve(c => Amounts.MinutesOut(c.Source.YearlyCap));
        Field<NonNullGraphType<IntGraphType>>("capLeft").Description("Minutes that may still be given this year.").Resolve(c => Amounts.MinutesOut(c.Source.CapLeft));
        Field<NonNullGraphType<IntGraphType>>("donated").Description("Minutes donated to community pools, ever.").Resolve(c => Amounts.MinutesOut(c.Source.Donated));
        Field<NonNullGraphType<IntGraphType>>("grantsReceived").Description("Minutes granted from community pools, ever.").Resolve(c => Amounts.MinutesOut(c.Source.GrantsReceived));
    }

    /// <summary>The account's <c>gifts</c> field (one line in <see cref="VolunteerAccountType"/>).</summary>
    public static void AddTo(ObjectGraphType<VolunteerAccount> account)
    {
        ArgumentNullException.ThrowIfNull(account);
        account.Field<NonNullGraphType<AccountGiftsType>>("gifts")
            .Description("Gifts given and received this year (China time), the yearly cap and what is left of it.")
            .ResolveAsync(async c =>
            {
                var policy = await c.RequestServices!.GetRequiredService<PolicyBook>().ForCommunityAsync(
                    c.RequestServices!.GetRequiredService<IQuerySession>(), c.Source.HomeCommunityId, c.CancellationToken);
                var year = ChinaTime.YearOf(c.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow());
                var transfers = c.Source.Transfers;
                return new AccountGifts(year, transfers.GivenIn(year), transfers.ReceivedIn(year), policy.YearlyGiftCap.Value, transfers.Donated, transfers.GrantsReceived);
            });
    }
}

/// <summary>A community's pool as the caller may see it: the balance for everyone signed in, movements for its staff and area admins.</summary>
public sealed record PoolView(CommunityPool Pool, bool MayReadMovements);

public sealed class CommunityPoolType : ObjectGraphType<PoolView>
{
    public CommunityPoolType()
    {
        Name = "CommunityPool";
        Description = "A community's pool of time credits: donations and credits above volunteers' caps come in, staff grant to residents in need. "
            + "Everyone signed in sees the balance; the donations, grants and their reasons only staff of the community, city admins and the admins of its district.";
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The community.").Resolve(c => c.Source.Pool.CommunityId);
        Field<NonNullGraphType<IntGraphType>>("balance")
            .Description("Minutes of time credits in the pool; below zero only when revocations took back credits already granted away (`shortfall`).")
            .Resolve(c => Amounts.MinutesOut(c.Source.Pool.Balance));
        Field<NonNullGraphType<IntGraphType>>("available").Description("Minutes staff may grant now.").Resolve(c => Amounts.MinutesOut(c.Source.Pool.Available));
        Field<NonNullGraphType<IntGraphType>>("shortfall").Description("Minutes the pool owes after revocations took back what it had granted away; donations and overflow make it good first.")
            .Resolve(c => Amounts.MinutesOut(c.Source.Pool.Shortfall));
        Field<IntGraphType>("donated").Description("Minutes donated, ever. Null for those who see the balance only.")
            .Resolve(c => c.Source.MayReadMovements ? Amounts.MinutesOut(c.Source.Pool.Donated) : null);
        Field<IntGraphType>("granted").Description("Minutes granted, ever. Null for those who see the balance only.")
            .Resolve(c => c.Source.MayReadMovements ? Amounts.MinutesOut(c.Source.Pool.Granted) : null);
        Field<IntGraphType>("overflowReceived").Description("Minutes received above volunteers' caps, ever (less nothing: see `overflowReturned`). Null for those who see the balance only.")
            .Resolve(c => c.Source.MayReadMovements ? Amounts.MinutesOut(c.Source.Pool.OverflowReceived) : null);
        Field<IntGraphType>("overflowReturned").Description("Minutes of overflow taken back by revocations, ever. Null for those who see the balance only.")
            .Resolve(c => c.Source.MayReadMovements ? Amounts.MinutesOut(c.Source.Pool.OverflowReturned) : null);
        Field<ListGraphType<NonNullGraphType<PoolMovementType>>>("movements")
            .Description($"Donations, grants, overflow and returns, newest first, at most `first` (1 to {PoolReads.MaxMovements}). Null for those who see the balance only.")
            .Argument<IntGraphType>("first", $"How many, newest first; default {PoolReads.DefaultMovements}.")
            .ResolveAsync(async c => c.Source.MayReadMovements
                ? await PoolReads.MovementsAsync(c.RequestServices!.GetRequiredService<IQuerySession>(), c.Source.Pool.CommunityId,
                    c.GetArgument<int?>("first") ?? PoolReads.DefaultMovements, c.CancellationToken)
                : null);
    }
}

public sealed class CommunityPoolPayloadType()
    : PayloadGraphType<CommunityPoolType, PoolView>("CommunityPoolPayload", "pool", "The pool as it stands now.", "What grantFromPool answers.")
{
    public static async Task<PoolView?> LoadAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation) =>
        await MutationFields.LoadStreamAsync<CommunityPool>(session, outcome, cancellation) is { } pool
        && await session.LoadAsync<Ledger.Communities.Community>(pool.CommunityId, cancellation) is { } community
            ? new PoolView(pool, GiftVisibility.MayReadPoolMovements(actor, community))
            : null;
}

/// <summary>What came into or went out of a pool.</summary>
public enum PoolMovementKind
{
    Donation,
    Grant,
    Overflow,
    OverflowReturned,
}

public sealed record PoolMovement(PoolMovementKind Kind, long TimeCredits, Guid? VolunteerId, Guid? TransferId, Guid? RecordId, string? Reason, Guid? GrantedBy, long ShortfallIncurred, DateTimeOffset At);

public sealed class PoolMovementKindType : EnumerationGraphType<PoolMovementKind>
{
    public PoolMovementKindType()
    {
        Name = "PoolMovementKind";
        Description = "What came into or went out of a community's pool.";
        Values.FindByValue(PoolMovementKind.Donation)!.Description = "A member donated time credits.";
        Values.FindByValue(PoolMovementKind.Grant)!.Description = "Staff granted time credits to a resident in need, with a reason.";
        Values.FindByValue(PoolMovementKind.Overflow)!.Description = "A credited record's time credits above the volunteer's cap.";
        Values.FindByValue(PoolMovementKind.OverflowReturned)!.Description = "A revocation took a record's overflow back.";
    }
}

public sealed class PoolMovementType : ObjectGraphType<PoolMovement>
{
    public PoolMovementType()
    {
        Name = "PoolMovement";
        Description = "One movement of a community's pool.";
        Field<NonNullGraphType<PoolMovementKindType>>("kind").Description("What it was.").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<IntGraphType>>("timeCredits").Description("Minutes in (positive) or out (negative).").Resolve(c => Amounts.MinutesOut(c.Source.TimeCredits));
        Field<UuidIdGraphType>("volunteerId").Description("The donor, the resident granted, or the volunteer whose record overflowed.").Resolve(c => c.Source.VolunteerId);
        Field<UuidIdGraphType>("transferId").Description("The donation's or grant's id.").Resolve(c => c.Source.TransferId);
        Field<UuidIdGraphType>("recordId").Description("The service record of an overflow or its return.").Resolve(c => c.Source.RecordId);
        Field<StringGraphType>("reason").Description("Why a grant was made.").Resolve(c => c.Source.Reason);
        Field<UuidIdGraphType>("grantedBy").Description("The staff member who granted.").Resolve(c => c.Source.GrantedBy);
        Field<NonNullGraphType<IntGraphType>>("shortfallIncurred").Description("For OVERFLOW_RETURNED: minutes the pool no longer held.").Resolve(c => Amounts.MinutesOut(c.Source.ShortfallIncurred));
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("at").Description("When.").Resolve(c => c.Source.At);
    }
}
