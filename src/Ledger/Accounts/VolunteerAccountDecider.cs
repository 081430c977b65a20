using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Accounts;

/// <summary>The rules of a volunteer's account: every change of value, as balanced events.</summary>
public static partial class VolunteerAccountDecider
{
    /// <param name="merchant">
    /// For <see cref="HoldPoints"/> and <see cref="CompleteHold"/>: the merchant concerned (see <see cref="MerchantConcerned"/>),
    /// loaded by the caller; null when it does not exist.
    /// </param>
    /// <param name="hold">
    /// For a command on a hold: the hold it names (see <see cref="HoldConcerned"/>), open or ended, as the account's
    /// events leave it, loaded by the caller in the same transaction; null when it does not exist.
    /// </param>
    public static VolunteerAccountEvent[] Decide(
        VolunteerAccountCommand command, VolunteerAccount? state, LedgerPolicy policy, DateTimeOffset now, Merchant? merchant = null, Hold? hold = null) =>
        (command, state) switch
        {
            (RegisterVolunteer register, _) => [Register(register, state, now)],

            // Asked before the account is looked at: whether it exists is none of a non-volunteer's business.
            (IssueRedemptionCode { Actor.Role: not ActorRole.Volunteer }, _) =>
                throw new LedgerRefusal(RefusalCodes.Forbidden, "Only a volunteer asks for a redemption code, for their own account."),

            // Only a volunteer has a place on the boards to leave, their own.
            (LeavePublicBoards { Actor.Role: not ActorRole.Volunteer } or RejoinPublicBoards { Actor.Role: not ActorRole.Volunteer }, _) =>
                throw new LedgerRefusal(RefusalCodes.Forbidden, "Only the volunteer themself leaves or rejoins the public boards."),

            // A till learns nothing from a volunteer id it made up: the same refusal as a wrong code.
            (HoldPoints, null) => throw CodeInvalid(),
            (_, null) => throw NotRegistered(command.VolunteerId),

            // A record is credited once, however often it is asked.
            (CreditService credit, _) when state.Credits.ContainsKey(credit.RecordId) => [],
            (CreditService credit, _) => Credit(credit, state, policy, now),
            (RevokeServiceCredit revoke, _) when !state.Credits.ContainsKey(revoke.RecordId) =>
                throw new LedgerRefusal(RefusalCodes.NotFound, $"Record {revoke.RecordId} was never credited to this account."),
            (RevokeServiceCredit revoke, _) when state.Credits[revoke.RecordId].Revoked => [],
            (RevokeServiceCredit revoke, _) => Revoke(revoke, state, policy, now),
            (ExpirePoints, _) => Expire(state, now),
            (IssueRedemptionCode issue, _) => [Issue(issue, state, policy, now)],
            (HoldPoints placing, _) => Hold(placing, state, hold, merchant, policy, now),
            (CompleteHold complete, _) => Complete(complete, state, hold, merchant, now),
            (VoidHold @void, _) => Void(@void, state, hold, now),
            (ExpireHold expire, _) => ExpireHold(expire, state, hold, now),
            (RefundPoints refund, _) => Refund(refund, state, hold, policy, now),
            (ErasePersonalData erase, _) => Erase(erase, state, now),
            (LeavePublicBoards leave, _) => OwnBoards(leave.Actor, state) && state.OnPublicBoards ? [new PublicBoardsLeft(state.Id, now)] : [],
            (RejoinPublicBoards rejoin, _) => OwnBoards(rejoin.Actor, state) && !state.OnPublicBoards ? [new PublicBoardsRejoined(state.Id, now)] : [],
            _ => throw new InvalidOperationException($"No rule decides {command.GetType().Name}."),
        };

    private static VolunteerRegistered Register(RegisterVolunteer command, VolunteerAccount? state, DateTimeOffset now)
    {
        // Permission first: only those who may register a volunteer learn whether an id is taken.
        if (!command.Actor.MayActIn(command.HomeCommunityId))
        {
            throw new LedgerRefusal(RefusalCodes.NotStaffOfCommunity, "Only staff of the home community register a volunteer.");
        }

        if (state is not null)
        {
            throw new LedgerRefusal(RefusalCodes.AlreadyExists, $"Volunteer {command.VolunteerId} is already registered.");
        }

        if (string.IsNullOrWhiteSpace(command.VolunteerNumber))
        {
            throw new LedgerRefusal(RefusalCodes.InvalidInput, "A volunteer number is required.");
        }

        return new VolunteerRegistered(command.VolunteerId, command.HomeCommunityId, command.VolunteerNumber.Trim(), command.Actor.PersonId, now);
    }

    /// <summary>The answer for a missing account, and for one the caller may not see.</summary>
    private static LedgerRefusal NotRegistered(Guid volunteerId) =>
        new(RefusalCodes.VolunteerNotFound, $"Volunteer {volunteerId} is not registered.");

    /// <summary>
    /// Only the volunteer themself leaves or rejoins the public boards; anyone else learns nothing about the account.
    /// Leaving twice (or rejoining while on the boards) changes nothing.
    /// </summary>
    private static bool OwnBoards(Actor actor, VolunteerAccount account) =>
        actor.Role == ActorRole.Volunteer && actor.PersonId == account.Id
            ? true
            : throw new LedgerRefusal(RefusalCodes.Forbidden, "Only the volunteer themself leaves or rejoins the public boards.");

    /// <summary>Erasure is done once; asking again changes nothing.</summary>
    private static VolunteerAccountEvent[] Erase(ErasePersonalData command, VolunteerAccount account, DateTimeOffset now)
    {
        if (!account.IsVisibleTo(command.Actor))
        {
            throw NotRegistered(account.Id);
        }

        if (!command.Actor.MayActIn(account.HomeCommunityId))
        {
            throw new LedgerRefusal(RefusalCodes.NotStaffOfCommunity, "Only a city admin or staff of the volunteer's home community erase their personal information.");
        }

        return account.PersonalDataErasedAt is null ? [new PersonalDataErased(account.Id, command.Actor.PersonId, now)] : [];
    }

    /// <summary>
    /// Time credits an account earns (by service, or as a need's payment): a debt is repaid first, the account keeps what
    /// fits under its cap, and the rest goes to the community pool.
    /// </summary>
    private static (long DebtRepaid, long Kept, long ToPool) Earned(VolunteerAccount account, long credits, LedgerPolicy policy)
    {
        var debtRepaid = Math.Min(account.TimeCreditDebt, credits);
        var kept = Math.Min(credits - debtRepaid, Math.Max(0, policy.TimeCreditCap.Value - account.TimeCredits));
        return (debtRepaid, kept, credits - debtRepaid - kept);
    }

    private static VolunteerAccountEvent[] Credit(CreditService command, VolunteerAccount account, LedgerPolicy policy, DateTimeOffset now)
    {
        if (command.MinutesServed <= 0 || command.MinutesServed > policy.MaxRecordLength.Value)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidAmount, $"A credit covers 1 to {policy.MaxRecordLength.Value} minutes; got {command.MinutesServed}.");
        }

        var volunteer = AccountId.Volunteer(account.Id);
        var issuance = AccountId.Issuance(command.CommunityId);
        var minutes = command.MinutesServed;

        var credits = command.EarnsTimeCredits ? minutes : 0;
        var (creditDebtRepaid, creditsKept, creditsToPool) = Earned(account, credits, policy);

        var points = policy.PointsFor(new Minutes(minutes), command.Category, command.PointsCoefficientPercent).Value;
        var pointsDebtRepaid = Math.Min(account.PointsDebt, points);

        Posting[] postings =
        [
            .. Posting.Of(issuance, volunteer, LedgerUnit.ServiceMinutes, minutes),
            .. Posting.Of(issuance, volunteer, LedgerUnit.TimeCredits, creditDebtRepaid + creditsKept),
            .. Posting.Of(issuance, AccountId.Pool(command.CommunityId), LedgerUnit.TimeCredits, creditsToPool),
            .. Posting.Of(issuance, volunteer, LedgerUnit.Points, points),
        ];

        var credited = new ServiceCredited(
            account.Id, command.RecordId, command.CommunityId, minutes, creditDebtRepaid + creditsKept, creditDebtRepaid,
            creditsToPool, points, pointsDebtRepaid, now.AddMonths(policy.PointsExpiryMonths), postings, now);

        var newTotal = checked(account.ServiceMinutes + minutes);
        return [credited, .. StarChanges(account, newTotal, policy, now)];
    }

    private static VolunteerAccountEvent[] Revoke(RevokeServiceCredit command, VolunteerAccount account, LedgerPolicy policy, DateTimeOffset now)
    {
        var credit = account.Credits[command.RecordId];
        var volunteer = AccountId.Volunteer(account.Id);
        var issuance = AccountId.Issuance(credit.CommunityId);

        // Time credits: take back what reached the volunteer; what they already spent becomes debt.
        var creditDebt = Math.Max(0, credit.TimeCredits - account.TimeCredits);

        // Points: what expired from this record's lot comes back from the expiry account; the rest from the volunteer,
        // first from this record's lot, then from the oldest other lots; what is still missing becomes debt. Points
        // held for a merchant are promised to it and stay out of reach (ADR 0010).
        var ownLot = account.Lots.FirstOrDefault(lot => lot.LotId == credit.RecordId);
        var fromExpiry = Math.Min(ownLot?.Expired ?? 0, credit.Points);
        var owed = credit.Points - fromExpiry;
        var draws = new List<LotDraw>();
        foreach (var lot in OldestFirst(account.Lots, preferred: credit.RecordId))
        {
            if (owed == 0)
            {
                break;
            }

            var drawn = Math.Min(lot.Remaining, owed);
            if (drawn > 0)
            {
                draws.Add(new LotDraw(lot.LotId, drawn));
                owed -= drawn;
            }
        }

        Posting[] postings =
        [
            .. Posting.Of(volunteer, issuance, LedgerUnit.ServiceMinutes, credit.ServiceMinutes),
            .. Posting.Of(volunteer, issuance, LedgerUnit.TimeCredits, credit.TimeCredits),
            .. Posting.Of(AccountId.Pool(credit.CommunityId), issuance, LedgerUnit.TimeCredits, credit.TimeCreditsToPool),
            .. Posting.Of(volunteer, issuance, LedgerUnit.Points, credit.Points - fromExpiry),
            .. Posting.Of(AccountId.Expiry(credit.CommunityId), issuance, LedgerUnit.Points, fromExpiry),
        ];

        var revoked = new ServiceCreditRevoked(
            account.Id, credit.RecordId, credit.CommunityId, credit.ServiceMinutes, credit.TimeCredits, creditDebt,
            credit.TimeCreditsToPool, credit.Points, fromExpiry, owed, draws, command.Reason, command.RevokedBy, postings, now);

        return [revoked, .. StarChanges(account, account.ServiceMinutes - credit.ServiceMinutes, policy, now)];
    }

    /// <summary>Only what is neither spent nor held expires: a hold's reserved points stay promised to the merchant.</summary>
    private static VolunteerAccountEvent[] Expire(VolunteerAccount account, DateTimeOffset now) =>
        [.. account.Lots
            .Where(lot => lot.Remaining > 0 && lot.ExpiresAt <= now)
            .OrderBy(lot => lot.ExpiresAt).ThenBy(lot => lot.EarnedAt)
            .Select(lot => new PointsExpired(
                account.Id, lot.LotId, lot.CommunityId, lot.Remaining,
                [new Posting(AccountId.Volunteer(account.Id), AccountId.Expiry(lot.CommunityId), LedgerUnit.Points, lot.Remaining)],
                now))];

    private static IEnumerable<PointsLot> OldestFirst(IEnumerable<PointsLot> lots, Guid preferred) =>
        lots.OrderBy(lot => lot.LotId == preferred ? 0 : 1).ThenBy(lot => lot.ExpiresAt).ThenBy(lot => lot.EarnedAt);

    private static IEnumerable<VolunteerAccountEvent> StarChanges(VolunteerAccount account, long newTotal, LedgerPolicy policy, DateTimeOffset now)
    {
        var level = policy.StarLevelFor(new Minutes(newTotal));
        for (var awarded = account.StarLevel + 1; awarded <= level; awarded++)
        {
            yield return new StarAwarded(account.Id, awarded, newTotal, now);
        }

        for (var withdrawn = account.StarLevel; withdrawn > level; withdrawn--)
        {
            yield return new StarWithdrawn(account.Id, withdrawn, newTotal, now);
        }
    }
}
