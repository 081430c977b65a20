using GraphQL.Types;
using Marten;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Loading;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Needs;

namespace TimeBank.Api.Needs;

/// <summary>
/// A need as one caller sees it: whole for its resident, its accepting volunteer, staff of its community and city admins;
/// the board's public view (what, when, how long, where, skills, status; nobody's id) for anyone else.
/// </summary>
/// <param name="Parties">The parties' numbers and masked names, when a staff list read them for its whole page.</param>
public sealed record NeedView(Need Need, bool Whole, NeedParties? Parties = null)
{
    public static NeedView For(Actor actor, Need need) => new(need, MaySeeWhole(actor, need));

    public static bool MaySeeWhole(Actor actor, Need need) =>
        actor.PersonId == need.ResidentId || (need.VolunteerId is { } v && actor.PersonId == v) || actor.MayActIn(need.CommunityId);
}

/// <summary>Reads of needs, as <see cref="NeedView"/> decides who sees what.</summary>
public static class NeedReads
{
    public static async Task<NeedView?> ViewAsync(IQuerySession session, Actor actor, Guid needId, CancellationToken cancellation) =>
        await session.LoadAsync<Need>(needId, cancellation) is { } need ? NeedView.For(actor, need) : null;
}

public sealed class NeedStatusType : EnumerationGraphType<NeedStatus>
{
    public NeedStatusType()
    {
        Name = "NeedStatus";
        Description = "Where a resident's need stands: OPEN → ACCEPTED → CONFIRMED; ACCEPTED → DISPUTED → DECIDED; OPEN → CANCELLED; OPEN or ACCEPTED → EXPIRED.";
        Describe(NeedStatus.Open, "Posted, on the board, waiting for a volunteer; its minutes held in escrow.");
        Describe(NeedStatus.Accepted, "A volunteer took it on; the resident confirms after the service, or either disputes.");
        Describe(NeedStatus.Disputed, "The resident or the volunteer disputed it; staff of its community decide. It does not expire.");
        Describe(NeedStatus.Confirmed, "Confirmed: the escrow paid the volunteer.");
        Describe(NeedStatus.Decided, "Staff decided the dispute: the escrow paid, split or released.");
        Describe(NeedStatus.Cancelled, "Withdrawn before anyone accepted it: the escrow went back to the resident.");
        Describe(NeedStatus.Expired, "Left open or unconfirmed past its expiry: the escrow went back to the resident.");
    }

    private void Describe(NeedStatus status, string description) =>
        Values.FindByValue(status)!.Description = description;
}

public sealed class NeedType : ObjectGraphType<NeedView>
{
    public NeedType()
    {
        Name = "Need";
        Description = "A resident's need (居民需求), its minutes held in escrow until it ends. Its resident, its volunteer, staff of its community and "
            + "city admins see it whole; anyone else sees the board's public view (the party fields are null).";
        Field<NonNullGraphType<UuidIdGraphType>>("needId").Description("The need's UUID, as mutations take it.").Resolve(c => c.Source.Need.Id);
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The community it is posted in.").Resolve(c => c.Source.Need.CommunityId);
        Field<CommunityType>("community").Description("The community it is posted in.").Resolve(c => Navigation.Community(c, c.Source.Need.CommunityId));
        Field<NonNullGraphType<StringGraphType>>("what").Description("What the resident needs.").Resolve(c => c.Source.Need.What);
        Field<NonNullGraphType<StringGraphType>>("place").Description("Where.").Resolve(c => c.Source.Need.Place);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("startsAt").Description("When the service starts.").Resolve(c => c.Source.Need.StartsAt);
        Field<NonNullGraphType<IntGraphType>>("minutes").Description("How long, in minutes: the time credits held in escrow.")
            .Resolve(c => Amounts.MinutesOut(c.Source.Need.Minutes));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("skills").Description("Skills wanted.").Resolve(c => c.Source.Need.Skills);
        Field<NonNullGraphType<NeedStatusType>>("status").Description("Where the need stands.").Resolve(c => c.Source.Need.Status);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("postedAt").Description("When it was posted.").Resolve(c => c.Source.Need.PostedAt);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("expiresAt")
            .Description("When it expires, if still open or unconfirmed (its end plus the district's grace): the escrow then goes back.")
            .Resolve(c => c.Source.Need.ExpiresAt);
        Field<UuidIdGraphType>("residentId").Description("The resident's account. Parties only.").Resolve(c => c.Source.Whole ? c.Source.Need.ResidentId : null);
        Field<UuidIdGraphType>("volunteerId").Description("The accepting volunteer's account. Parties only.")
            .Resolve(c => c.Source.Whole ? c.Source.Need.VolunteerId : null);
        Field<UuidIdGraphType>("postedBy").Description("Who posted it: the resident, or staff for them. Parties only.")
            .Resolve(c => c.Source.Whole ? c.Source.Need.PostedBy : null);
        Field<UtcDateTimeOffsetGraphType>("acceptedAt").Description("When a volunteer accepted it. Parties only.")
            .Resolve(c => c.Source.Whole ? c.Source.Need.AcceptedAt : null);
        Field<UtcDateTimeOffsetGraphType>("endedAt").Description("When it was confirmed, decided, cancelled or expired. Parties only.")
            .Resolve(c => c.Source.Whole ? c.Source.Need.EndedAt : null);
        Field<UuidIdGraphType>("endedBy").Description("Who confirmed, decided or cancelled it. Parties only.")
            .Resolve(c => c.Source.Whole ? c.Source.Need.EndedBy : null);
        Field<BooleanGraphType>("onBehalfOfResident").Description("Whether staff confirmed or cancelled it for the resident (no phone). Parties only.")
            .Resolve(c => c.Source.Whole ? c.Source.Need.EndedOnBehalfOfResident : null);
        Field<IntGraphType>("paidMinutes").Description("Minutes the escrow paid the volunteer, once ended. Parties only.")
            .Resolve(c => c.Source.Whole ? Amounts.MinutesOut(c.Source.Need.Paid) : null);
        Field<IntGraphType>("releasedMinutes").Description("Minutes that went back to the resident, once ended. Parties only.")
            .Resolve(c => c.Source.Whole ? Amounts.MinutesOut(c.Source.Need.Released) : null);
        Field<NeedPartyType>("resident").Description("The resident: volunteer number and masked name. Staff of the need's community and city admins only; null for anyone else.")
            .ResolveAsync(async c => await NeedPartyFields.ResolveAsync(c, c.Source.Need.ResidentId));
        Field<NeedPartyType>("volunteer")
            .Description("The accepting volunteer: volunteer number and masked name. Staff of the need's community and city admins only; null for anyone else or before acceptance.")
            .ResolveAsync(async c => await NeedPartyFields.ResolveAsync(c, c.Source.Need.VolunteerId));
        Field<StringGraphType>("disputeReason").Description("Why it was disputed. Parties only.")
            .Resolve(c => c.Source.Whole ? c.Source.Need.DisputeReason : null);
    }
}

public sealed class NeedPayloadType()
    : PayloadGraphType<NeedType, NeedView>("NeedPayload", "need", "The need as it stands now.",
        "What postNeed, acceptNeed, confirmNeed, cancelNeed, disputeNeed and decideNeedDispute answer.");

public sealed class NeedEdgeType : EdgeGraphType<NeedType, NeedView>
{
    public NeedEdgeType()
        : base("Need") => Description = "A need in a list of needs, with its cursor.";
}

public sealed class NeedConnectionType : ConnectionGraphType<NeedEdgeType, NeedView>
{
    public NeedConnectionType()
        : base("Need") => Description = "A page of residents' needs (Relay connection).";
}

/// <summary>A command that names a need and nothing else (accept, confirm, cancel).</summary>
public sealed class NeedInput
{
    public Guid CommandId { get; init; }
    public Guid NeedId { get; init; }
}

/// <summary>One input type per such mutation, so that each can say what it does.</summary>
public abstract class NeedInputType : InputObjectGraphType<NeedInput>
{
    protected NeedInputType(string name, string description)
    {
        Name = name;
        Description = description;
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("needId").Description("The need's UUID. `NOT_FOUND` if there is none.");
    }
}
