using System.Collections.Immutable;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Accounts;

/// <summary>Points earned by one record, spent and expired first-in first-out.</summary>
public sealed record PointsLot(Guid LotId, Guid CommunityId, long Earned, long Remaining, long Expired, DateTimeOffset EarnedAt, DateTimeOffset ExpiresAt);

/// <summary>What one credited record posted, so that a revocation can compensate exactly.</summary>
public sealed record CreditedRecord(
    Guid RecordId, Guid CommunityId, long ServiceMinutes, long TimeCredits, long TimeCreditsToPool, long Points, bool Revoked);

/// <summary>
/// A volunteer's account: cumulative service, time credits, points in earning lots, debt and star level.
/// Available points are the lots' remainders; debt is owed back from later earnings.
/// </summary>
/// <param name="PersonalDataErasedAt">When the person's name, phone and ID were erased; the account itself stays.</param>
public sealed record VolunteerAccount(
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
    public Minutes Service => new(ServiceMinutes);

    /// <summary>Points the volunteer can spend now.</summary>
    public long AvailablePoints => Lots.Sum(lot => lot.Remaining);

    /// <summary>The balance as the ledger sees it: what is held minus what is owed. Negative only through debt.</summary>
    public long PointsBalance => AvailablePoints - PointsDebt;

    public long TimeCreditBalance => TimeCredits - TimeCreditDebt;

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
        (_, PersonalDataErased erased) => state with { PersonalDataErasedAt = state.PersonalDataErasedAt ?? erased.ErasedAt },
        _ => state,
    };

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
