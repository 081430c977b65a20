using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Projections;

/// <summary>One line of a volunteer's history: what changed their account, when, by how much.</summary>
/// <param name="Sequence">The event's global sequence: the stable order and the paging cursor.</param>
/// <param name="RecordId">The credited record, the expired lot, or the hold of a redemption or refund.</param>
/// <param name="MerchantId">The merchant of a redemption or refund.</param>
public sealed record VolunteerHistoryEntry(
    Guid Id,
    Guid VolunteerId,
    long Sequence,
    string Kind,
    Guid? RecordId,
    long ServiceMinutes,
    long TimeCredits,
    long Points,
    int? StarLevel,
    DateTimeOffset At,
    Guid? MerchantId = null);

/// <summary>
/// A volunteer's history, newest first when read. Async: the account's balance document is the inline view.
/// Redemptions show when completed (a hold alone changes no balance); refunds as they are given.
/// </summary>
public sealed partial class VolunteerHistoryProjection : EventProjection
{
    public VolunteerHistoryProjection() => this.IncludeTypes(LedgerEvents.Of<VolunteerAccountEvent>().Except(Unrecorded));

    /// <summary>The account's events that change nothing a volunteer's history shows: no line, and not read.</summary>
    public static IReadOnlyList<Type> Unrecorded { get; } =
        [typeof(VolunteerRegistered), typeof(RedemptionCodeIssued), typeof(PointsHeld), typeof(HoldVoided), typeof(HoldExpired), typeof(PersonalDataErased)];

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
        ServiceCredited c => new(e.Id, c.VolunteerId, e.Sequence, "ServiceCredited", c.RecordId, c.ServiceMinutes, c.TimeCredits, c.Points, null, e.Timestamp),
        ServiceCreditRevoked r => new(e.Id, r.VolunteerId, e.Sequence, "ServiceCreditRevoked", r.RecordId, -r.ServiceMinutes, -r.TimeCredits, -r.Points, null, e.Timestamp),
        PointsExpired x => new(e.Id, x.VolunteerId, e.Sequence, "PointsExpired", x.LotId, 0, 0, -x.Points, null, e.Timestamp),
        StarAwarded s => new(e.Id, s.VolunteerId, e.Sequence, "StarAwarded", null, 0, 0, 0, s.Level, e.Timestamp),
        StarWithdrawn w => new(e.Id, w.VolunteerId, e.Sequence, "StarWithdrawn", null, 0, 0, 0, w.Level, e.Timestamp),
        HoldCompleted c => new(e.Id, c.VolunteerId, e.Sequence, "PointsRedeemed", c.HoldId, 0, 0, -c.Amount, null, e.Timestamp, c.MerchantId),
        PointsRefunded r => new(e.Id, r.VolunteerId, e.Sequence, "PointsRefunded", r.HoldId, 0, 0, r.Amount, null, e.Timestamp, r.MerchantId),
        VolunteerAccountEvent unrecorded when Unrecorded.Contains(unrecorded.GetType()) => null,
        // An account event with neither a line nor a place among the unrecorded was added without its case here.
        VolunteerAccountEvent unknown => throw new UnknownEventException($"{nameof(VolunteerHistoryProjection)}.{nameof(Entry)}", unknown),
        _ => null,
    };
}
