using System.Collections.Immutable;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Accounts;

/// <summary>Points earned by one record, spent and expired first-in first-out.</summary>
/// <param name="Remaining">Points of the lot the volunteer may spend now: neither spent, expired nor held.</param>
/// <param name="Held">Points of the lot reserved by open holds: expiry and revocation leave them alone.</param>
public sealed record PointsLot(
    Guid LotId, Guid CommunityId, long Earned, long Remaining, long Expired, DateTimeOffset EarnedAt, DateTimeOffset ExpiresAt, long Held = 0);

/// <summary>What one credited record posted, so that a revocation can compensate exactly.</summary>
public sealed record CreditedRecord(
    Guid RecordId, Guid CommunityId, long ServiceMinutes, long TimeCredits, long TimeCreditsToPool, long Points, bool Revoked);

/// <summary>
/// A volunteer's account: cumulative service, time credits, points in earning lots, debt, star level, and the
/// redemptions at merchants still under way (the live codes and the open holds). Available points are the lots'
/// remainders, which leave out what open holds reserve; debt is owed back from later earnings and from points that
/// come back. A hold leaves the account when it ends: its whole life is the <see cref="Hold"/>'s own (ADR 0019).
/// </summary>
/// <param name="PersonalDataErasedAt">When the person's name, phone and ID were erased; the account itself stays.</param>
public sealed partial record VolunteerAccount(
    Guid Id,
    Guid HomeCommunityId,
    string VolunteerNumber,
    DateTimeOffset RegisteredAt,
    long ServiceMinutes,
    long TimeCredits,
    long TimeCreditDebt,
    long PointsDebt,
    ImmutableList<PointsLot> Lots,
    ImmutableDictionary<Guid, CreditedRecord> Credits,
    int StarLevel,
    DateTimeOffset? PersonalDataErasedAt = null)
{
    /// <summary>
    /// The codes a till may use, oldest first: each is used up by a hold and leaves the state then, or once a later
    /// redemption event finds it expired. One may have expired since the last event: see <see cref="LiveCodesAt"/>.
    /// </summary>
    public ImmutableList<RedemptionCode> Codes { get; init; } = [];

    /// <summary>The open holds, by hold id: what they reserve is not available. Completed, voided and expired ones are gone.</summary>
    public ImmutableDictionary<Guid, Hold> Holds { get; init; } = ImmutableDictionary<Guid, Hold>.Empty;

    /// <summary>Whether the volunteer is shown on the public leaderboards (they may leave them, and come back).</summary>
    public bool OnPublicBoards { get; init; } = true;

    public Minutes Service => new(ServiceMinutes);

    /// <summary>Points the volunteer can spend now: the balance less open holds (and nothing while in debt).</summary>
    public long AvailablePoints => Lots.Sum(lot => lot.Remaining);

    /// <summary>Points reserved by open holds: still the volunteer's, not spendable.</summary>
    public long HeldPoints => Lots.Sum(lot => lot.Held);

    /// <summary>The balance as the ledger sees it: what the lots hold (held points too) minus what is owed. Negative only through debt.</summary>
    public long PointsBalance => AvailablePoints + HeldPoints - PointsDebt;

    /// <summary>The codes a till may still use at <paramref name="now"/>.</summary>
    public IEnumerable<RedemptionCode> LiveCodesAt(DateTimeOffset now) => Codes.Where(code => code.IsValidAt(now));

    public long TimeCreditBalance => TimeCredits - TimeCreditDebt;

    /// <summary>
    /// Time credits the member can spend or give now: never below zero (a debt leaves nothing to spend). Open escrows are
    /// not in it: escrowing posts the credits off the account (<see cref="EscrowedTimeCredits"/>, ADR 0044).
    /// </summary>
    public long AvailableTimeCredits => Math.Max(0, TimeCreditBalance);

    /// <summary>When the next lot with points left expires; stored with the document so the expiry job can find it.</summary>
    public DateTimeOffset? NextPointsExpiryAt => Lots.Where(lot => lot.Remaining > 0).Select(lot => (DateTimeOffset?)lot.ExpiresAt).Min();

    public static VolunteerAccount Open(VolunteerRegistered registered) =>
        new(registered.VolunteerId, registered.HomeCommunityId, registered.VolunteerNumber, registered.RegisteredAt,
            0, 0, 0, 0, [], ImmutableDictionary<Guid, CreditedRecord>.Empty, 0);

    public static VolunteerAccount? Evolve(VolunteerAccount? state, VolunteerAccountEvent @event) => (state, @event) switch
    {
        (null, VolunteerRegistered registered) => Open(registered),
        (null, _) => null,
        (_, ServiceCredited credited) => state.Post(credited),
        (_, ServiceCreditRevoked revoked) => state.Post(revoked),
        (_, PointsExpired expired) => state with
        {
            Lots = state.Lots.Select(lot => lot.LotId == expired.LotId
                ? lot with { Remaining = lot.Remaining - expired.Points, Expired = lot.Expired + expired.Points }
                : lot).ToImmutableList(),
        },
        (_, StarAwarded awarded) => state with { StarLevel = awarded.Level },
        (_, StarWithdrawn withdrawn) => state with { StarLevel = withdrawn.Level - 1 },
        (_, RedemptionCodeIssued issued) => state with
        {
            Codes = [.. state.LiveCodesAt(issued.IssuedAt), new RedemptionCode(issued.Code, issued.IssuedAt, issued.ExpiresAt)],
        },
        (_, PointsHeld held) => state.Post(held),
        (_, HoldCompleted completed) => state with
        {
            Lots = state.Lots.Select(lot => lot with { Held = lot.Held - Drawn(completed.LotDraws, lot) }).ToImmutableList(),
            Holds = state.Holds.Remove(completed.HoldId),
        },
        (_, HoldVoided voided) => state.Release(voided.HoldId, voided.Released, voided.PointsDebtRepaid),
        (_, HoldExpired expired) => state.Release(expired.HoldId, expired.Released, expired.PointsDebtRepaid),
        (_, PointsRefunded refunded) => state.Post(refunded),
        (_, PersonalDataErased erased) => state with { PersonalDataErasedAt = state.PersonalDataErasedAt ?? erased.ErasedAt },
        (_, PublicBoardsLeft) => state with { OnPublicBoards = false },
        (_, PublicBoardsRejoined) => state with { OnPublicBoards = true },
        (_, INeedAccountEvent needEvent) => state.Post(needEvent),
        (_, GiftGiven or GiftReceived or TimeCreditsDonated or PoolGrantReceived or GiftReturned or GiftTurnedBack) => state.PostTransfer(@event),
        (_, VolunteerRegistered) => state,
        _ => throw new UnknownEventException($"{nameof(VolunteerAccount)}.{nameof(Evolve)}", @event),
    };

    private VolunteerAccount Post(PointsHeld e) => this with
    {
        // The code is used up; codes expired by now leave too, so the state keeps only what a till may still use.
        Codes = [.. LiveCodesAt(e.HeldAt).Where(code => code.Value != e.Code)],
        Lots = Lots.Select(lot => Drawn(e.Reservations, lot) is var reserved and > 0
            ? lot with { Remaining = lot.Remaining - reserved, Held = lot.Held + reserved }
            : lot).ToImmutableList(),
        Holds = Holds.Add(e.HoldId, Hold.Place(e)),
    };

    private VolunteerAccount Release(Guid holdId, IReadOnlyList<LotDraw> released, long debtRepaid)
    {
        var hold = Holds[holdId];
        return this with
        {
            PointsDebt = PointsDebt - debtRepaid,
            Lots = Lots.Select(lot => lot with
            {
                Held = lot.Held - Drawn(hold.Reservations, lot),
                Remaining = lot.Remaining + Drawn(released, lot),
            }).ToImmutableList(),
            Holds = Holds.Remove(holdId),
        };
    }

    /// <summary>A refund of a completed hold (no longer on the account): the event says which lots get the points back.</summary>
    private VolunteerAccount Post(PointsRefunded e) => this with
    {
        PointsDebt = PointsDebt - e.PointsDebtRepaid,
        Lots = Lots.Select(lot => lot with { Remaining = lot.Remaining + Drawn(e.Restored, lot) }).ToImmutableList(),
    };

    private static long Drawn(IEnumerable<LotDraw> draws, PointsLot lot) => draws.Where(d => d.LotId == lot.LotId).Sum(d => d.Points);

    private VolunteerAccount Post(ServiceCredited e)
    {
        var lotPoints = e.Points - e.PointsDebtRepaid;
        var lots = lotPoints > 0
            ? Lots.Add(new PointsLot(e.RecordId, e.CommunityId, lotPoints, lotPoints, 0, e.CreditedAt, e.PointsExpireAt))
            : Lots;
        return this with
        {
            ServiceMinutes = checked(ServiceMinutes + e.ServiceMinutes),
            TimeCredits = checked(TimeCredits + e.TimeCredits - e.TimeCreditDebtRepaid),
            TimeCreditDebt = TimeCreditDebt - e.TimeCreditDebtRepaid,
            PointsDebt = PointsDebt - e.PointsDebtRepaid,
            Lots = lots,
            Credits = Credits.Add(e.RecordId, new CreditedRecord(
                e.RecordId, e.CommunityId, e.ServiceMinutes, e.TimeCredits, e.TimeCreditsToPool, e.Points, Revoked: false)),
        };
    }

    private VolunteerAccount Post(ServiceCreditRevoked e)
    {
        var draws = e.LotDraws.ToDictionary(d => d.LotId, d => d.Points);
        return this with
        {
            ServiceMinutes = ServiceMinutes - e.ServiceMinutes,
            TimeCredits = TimeCredits - (e.TimeCredits - e.TimeCreditDebtIncurred),
            TimeCreditDebt = checked(TimeCreditDebt + e.TimeCreditDebtIncurred),
            PointsDebt = checked(PointsDebt + e.PointsDebtIncurred),
            Lots = Lots.Select(lot => draws.TryGetValue(lot.LotId, out var drawn) ? lot with { Remaining = lot.Remaining - drawn } : lot)
                .ToImmutableList(),
            Credits = Credits.SetItem(e.RecordId, Credits[e.RecordId] with { Revoked = true }),
        };
    }
}

/// <summary>A one-time code shown by the volunteer's app, valid until <paramref name="ExpiresAt"/> (exclusive).</summary>
public sealed record RedemptionCode(string Value, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt)
{
    public bool IsValidAt(DateTimeOffset now) => now < ExpiresAt;
}
