using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Projections;

/// <summary>
/// What a line of a volunteer's history records. Stored by name (the documents' enums are strings): a name here is never
/// renamed, or the lines already stored under it no longer read.
/// </summary>
public enum VolunteerHistoryKind
{
    /// <summary>A verified service record posted hours, time credits and points (<see cref="ServiceCredited"/>).</summary>
    ServiceCredited,

    /// <summary>A credited record was revoked: what it posted is taken back (<see cref="ServiceCreditRevoked"/>).</summary>
    ServiceCreditRevoked,

    /// <summary>What was left of an earning lot expired (<see cref="PointsExpired"/>).</summary>
    PointsExpired,

    /// <summary>A star threshold was crossed (<see cref="StarAwarded"/>).</summary>
    StarAwarded,

    /// <summary>A revocation dropped service below a star's threshold (<see cref="StarWithdrawn"/>).</summary>
    StarWithdrawn,

    /// <summary>A merchant completed a redemption: the held points went to it (<see cref="HoldCompleted"/>).</summary>
    PointsRedeemed,

    /// <summary>A merchant gave back part or all of a completed redemption (<see cref="PointsRefunded"/>).</summary>
    PointsRefunded,

    /// <summary>Time credits held in escrow for a need the member posted (<see cref="TimeCreditsEscrowed"/>).</summary>
    TimeCreditsEscrowed,

    /// <summary>A need's escrow came back whole: cancelled, expired or released by staff (<see cref="EscrowReleased"/>).</summary>
    EscrowReleased,

    /// <summary>A need's escrow paid its volunteer; a split's rest came back (<see cref="EscrowPaid"/>).</summary>
    EscrowPaid,

    /// <summary>The volunteer was paid for a need they served (<see cref="NeedPaymentReceived"/>).</summary>
    NeedPaymentReceived,
    /// <summary>Time credits given to a direct relative (<see cref="GiftGiven"/>).</summary>
    GiftGiven,

    /// <summary>Time credits received from a direct relative (<see cref="GiftReceived"/>).</summary>
    GiftReceived,

    /// <summary>Time credits donated to a community's pool (<see cref="TimeCreditsDonated"/>).</summary>
    TimeCreditsDonated,

    /// <summary>Time credits granted from a community's pool (<see cref="PoolGrantReceived"/>).</summary>
    PoolGrantReceived,

    /// <summary>A gift to a relative of another district came back, refused there (<see cref="GiftReturned"/>; ADR 0047).</summary>
    GiftReturned,
}

/// <summary>One line of a volunteer's history: what changed their account, when, by how much.</summary>
/// <param name="Sequence">The event's global sequence: the stable order and the paging cursor.</param>
/// <param name="RecordId">
/// What the line is about, by <paramref name="Kind"/>: the credited or revoked record; the expired lot (whose id is the id
/// of the record that earned it); the hold of a redemption or refund; none for stars. <see cref="VolunteerHistoryReference"/>
/// reads it by kind.
/// </param>
/// <param name="MerchantId">The merchant of a redemption or refund.</param>
/// <param name="TransferId">The transfer of a gift, donation or grant (its transit account's name).</param>
/// <param name="CounterpartId">The other side of a transfer: the relative of a gift, the community of a donation or grant.</param>
/// <param name="ReasonCode">Why a gift came back: the refusal code of the receiver's district.</param>
public sealed record VolunteerHistoryEntry(
    Guid Id,
    Guid VolunteerId,
    long Sequence,
    VolunteerHistoryKind Kind,
    Guid? RecordId,
    long ServiceMinutes,
    long TimeCredits,
    long Points,
    int? StarLevel,
    DateTimeOffset At,
    Guid? MerchantId = null,
    Guid? TransferId = null,
    Guid? CounterpartId = null,
    string? ReasonCode = null);

/// <summary>The typed reference of a history line: which id of <see cref="VolunteerHistoryEntry.RecordId"/> is what.</summary>
public static class VolunteerHistoryReference
{
    /// <summary>The service record a line is about: the credited or revoked record, or the record whose lot expired.</summary>
    public static Guid? ServiceRecordId(VolunteerHistoryEntry entry) => entry.Kind
        is VolunteerHistoryKind.ServiceCredited or VolunteerHistoryKind.ServiceCreditRevoked or VolunteerHistoryKind.PointsExpired
        ? entry.RecordId
        : null;

    /// <summary>The earning lot of an expiry.</summary>
    public static Guid? LotId(VolunteerHistoryEntry entry) => entry.Kind == VolunteerHistoryKind.PointsExpired ? entry.RecordId : null;

    /// <summary>The resident's need an escrow, release, payment or received payment is about.</summary>
    public static Guid? NeedId(VolunteerHistoryEntry entry) => entry.Kind
        is VolunteerHistoryKind.TimeCreditsEscrowed or VolunteerHistoryKind.EscrowReleased or VolunteerHistoryKind.EscrowPaid or VolunteerHistoryKind.NeedPaymentReceived
        ? entry.RecordId
        : null;

    /// <summary>The hold of a redemption or a refund.</summary>
    public static Guid? HoldId(VolunteerHistoryEntry entry) => entry.Kind
        is VolunteerHistoryKind.PointsRedeemed or VolunteerHistoryKind.PointsRefunded
        ? entry.RecordId
        : null;
}

/// <summary>
/// A volunteer's history, newest first when read. Async: the account's balance document is the inline view.
/// Redemptions show when completed (a hold alone changes no balance); refunds as they are given.
/// </summary>
public sealed partial class VolunteerHistoryProjection : EventProjection
{
    public VolunteerHistoryProjection() => this.IncludeTypes(LedgerEvents.Of<VolunteerAccountEvent>().Except(Unrecorded));

    /// <summary>The account's events that change nothing a volunteer's history shows: no line, and not read.</summary>
    public static IReadOnlyList<Type> Unrecorded { get; } =
        [typeof(VolunteerRegistered), typeof(RedemptionCodeIssued), typeof(PointsHeld), typeof(HoldVoided), typeof(HoldExpired), typeof(PersonalDataErased),
         typeof(PublicBoardsLeft), typeof(PublicBoardsRejoined), typeof(GiftTurnedBack)];

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        if (Entry(e) is { } entry)
        {
            operations.Store(entry);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The line an event adds to a history, if any. Time comes from the event's own metadata: a rebuild gives the same history.</summary>
    public static VolunteerHistoryEntry? Entry(IEvent e) => e.Data switch
    {
        ServiceCredited c => new(e.Id, c.VolunteerId, e.Sequence, VolunteerHistoryKind.ServiceCredited, c.RecordId, c.ServiceMinutes, c.TimeCredits, c.Points, null, e.Timestamp),
        ServiceCreditRevoked r => new(e.Id, r.VolunteerId, e.Sequence, VolunteerHistoryKind.ServiceCreditRevoked, r.RecordId, -r.ServiceMinutes, -r.TimeCredits, -r.Points, null, e.Timestamp),
        PointsExpired x => new(e.Id, x.VolunteerId, e.Sequence, VolunteerHistoryKind.PointsExpired, x.LotId, 0, 0, -x.Points, null, e.Timestamp),
        StarAwarded s => new(e.Id, s.VolunteerId, e.Sequence, VolunteerHistoryKind.StarAwarded, null, 0, 0, 0, s.Level, e.Timestamp),
        StarWithdrawn w => new(e.Id, w.VolunteerId, e.Sequence, VolunteerHistoryKind.StarWithdrawn, null, 0, 0, 0, w.Level, e.Timestamp),
        HoldCompleted c => new(e.Id, c.VolunteerId, e.Sequence, VolunteerHistoryKind.PointsRedeemed, c.HoldId, 0, 0, -c.Amount, null, e.Timestamp, c.MerchantId),
        PointsRefunded r => new(e.Id, r.VolunteerId, e.Sequence, VolunteerHistoryKind.PointsRefunded, r.HoldId, 0, 0, r.Amount, null, e.Timestamp, r.MerchantId),
        TimeCreditsEscrowed x => new(e.Id, x.VolunteerId, e.Sequence, VolunteerHistoryKind.TimeCreditsEscrowed, x.NeedId, 0, -x.Minutes, 0, null, e.Timestamp),
        EscrowReleased x => new(e.Id, x.VolunteerId, e.Sequence, VolunteerHistoryKind.EscrowReleased, x.NeedId, 0, x.Minutes, 0, null, e.Timestamp),
        EscrowPaid x => new(e.Id, x.VolunteerId, e.Sequence, VolunteerHistoryKind.EscrowPaid, x.NeedId, 0, x.Released, 0, null, e.Timestamp),
        NeedPaymentReceived x => new(e.Id, x.VolunteerId, e.Sequence, VolunteerHistoryKind.NeedPaymentReceived, x.NeedId, 0, x.Minutes - x.TimeCreditsToPool, 0, null, e.Timestamp),
        GiftGiven g => new(e.Id, g.VolunteerId, e.Sequence, VolunteerHistoryKind.GiftGiven, null, 0, -g.TimeCredits, 0, null, e.Timestamp, null, g.TransferId, g.ReceiverId),
        GiftReceived g => new(e.Id, g.VolunteerId, e.Sequence, VolunteerHistoryKind.GiftReceived, null, 0, g.TimeCredits, 0, null, e.Timestamp, null, g.TransferId, g.GiverId),
        TimeCreditsDonated d => new(e.Id, d.VolunteerId, e.Sequence, VolunteerHistoryKind.TimeCreditsDonated, null, 0, -d.TimeCredits, 0, null, e.Timestamp, null, d.TransferId, d.CommunityId),
        PoolGrantReceived p => new(e.Id, p.VolunteerId, e.Sequence, VolunteerHistoryKind.PoolGrantReceived, null, 0, p.TimeCredits, 0, null, e.Timestamp, null, p.TransferId, p.CommunityId),
        GiftReturned r => new(e.Id, r.VolunteerId, e.Sequence, VolunteerHistoryKind.GiftReturned, null, 0, r.TimeCredits, 0, null, e.Timestamp, null, r.TransferId, r.ReceiverId, r.Code),
        VolunteerAccountEvent unrecorded when Unrecorded.Contains(unrecorded.GetType()) => null,
        // An account event with neither a line nor a place among the unrecorded was added without its case here.
        VolunteerAccountEvent unknown => throw new UnknownEventException($"{nameof(VolunteerHistoryProjection)}.{nameof(Entry)}", unknown),
        _ => null,
    };
}
