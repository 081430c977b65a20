using System.Security.Cryptography;
using System.Text;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Accounts;

/// <summary>
/// The love bank's rules on the volunteer's account (ADR 0010): one-time codes (a few live at once), then a hold like a card
/// authorisation, completed, voided or expired exactly once; a completed hold refunded within the window, never
/// beyond its amount. Held points are reserved from the oldest lots, so neither expiry nor a revocation can take
/// them and a completion always finds them.
/// </summary>
public static partial class VolunteerAccountDecider
{
    /// <summary>Which merchant's state a decision needs: the till's merchant for a hold, the hold's merchant for a completion.</summary>
    public static Guid? MerchantConcerned(VolunteerAccountCommand command, Hold? hold) => command switch
    {
        HoldPoints placing => placing.MerchantId,
        CompleteHold => hold?.MerchantId,
        _ => null,
    };

    /// <summary>
    /// The hold a command names (the one a till's request places, or the one it completes, voids, expires or refunds): the
    /// caller loads it, open or ended, and passes it to <see cref="Decide"/>, since the account keeps open holds only.
    /// </summary>
    public static Guid? HoldConcerned(VolunteerAccountCommand command) => command switch
    {
        HoldPoints placing => placing.HoldId,
        CompleteHold complete => complete.HoldId,
        VoidHold @void => @void.HoldId,
        ExpireHold expire => expire.HoldId,
        RefundPoints refund => refund.HoldId,
        _ => null,
    };

    private static RedemptionCodeIssued Issue(IssueRedemptionCode command, VolunteerAccount account, LedgerPolicy policy, DateTimeOffset now)
    {
        if (command.Actor.PersonId != account.Id)
        {
            throw new LedgerRefusal(RefusalCodes.Forbidden, "Only the volunteer asks for their own redemption code.");
        }

        if (command.Code is null || command.Code.Length != policy.RedemptionCodeDigits || !command.Code.All(char.IsAsciiDigit))
        {
            throw new LedgerRefusal(RefusalCodes.InvalidInput, $"A redemption code is {policy.RedemptionCodeDigits} digits.");
        }

        var live = account.LiveCodesAt(now).ToList();
        if (live.Any(code => code.Value == command.Code))
        {
            throw new LedgerRefusal(RefusalCodes.AlreadyExists, "This code is already live for the volunteer; draw another.");
        }

        // Refused rather than dropping the oldest: a code on the phone stays good until it is used or expires (ADR 0010).
        if (live.Count >= policy.MaxLiveRedemptionCodes)
        {
            throw new LedgerRefusal(
                RefusalCodes.TooManyLiveCodes,
                $"{live.Count} redemption codes are live, the most allowed: use or let expire one of your codes (each lasts {policy.RedemptionCodeLifetime.TotalSeconds:0} seconds).");
        }

        return new RedemptionCodeIssued(account.Id, command.Code, now, now + policy.RedemptionCodeLifetime);
    }

    private static VolunteerAccountEvent[] Hold(
        HoldPoints command, VolunteerAccount account, Hold? existing, Merchant? merchant, LedgerPolicy policy, DateTimeOffset now)
    {
        if (!command.Actor.ActsFor(command.MerchantId))
        {
            throw new LedgerRefusal(RefusalCodes.NotCashierOfMerchant, "Only a cashier of the merchant holds points at its till.");
        }

        if (existing is not null)
        {
            // The till sends a request again after a timeout: the first hold stands, and its code is no longer needed.
            return existing.VolunteerId == account.Id && existing.MerchantId == command.MerchantId && existing.TillRequestId == command.TillRequestId
                ? []
                : throw new LedgerRefusal(RefusalCodes.AlreadyExists, $"Hold {command.HoldId} already exists.");
        }

        RequireApproved(merchant, command.MerchantId);
        if (command.Amount <= 0)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidAmount, $"A redemption takes a positive number of points; got {command.Amount}.");
        }

        // Unknown, expired or used: one answer. The balance is checked only after the code, so a guess learns nothing.
        var code = LiveCode(account, command.Code, now) ?? throw CodeInvalid();

        if (command.Amount > account.AvailablePoints)
        {
            // Said to the merchant's cashier: never the volunteer's balance, only that it is not enough.
            throw new LedgerRefusal(RefusalCodes.InsufficientPoints, $"{command.Amount} points asked; the volunteer does not have enough points.");
        }

        var reservations = Slice(OldestFirst(account.Lots).Select(lot => new LotDraw(lot.LotId, lot.Remaining)), 0, command.Amount);
        return
        [
            new PointsHeld(
                account.Id, command.HoldId, command.MerchantId, code.Value, command.Amount, command.TillRequestId, reservations,
                command.Actor.PersonId, now, now + policy.HoldLifetime),
        ];
    }

    private static VolunteerAccountEvent[] Complete(CompleteHold command, VolunteerAccount account, Hold? named, Merchant? merchant, DateTimeOffset now)
    {
        var hold = OwnHold(account, named, command.HoldId, command.Actor);
        switch (hold.Status)
        {
            case HoldStatus.Completed:
                return [];
            case HoldStatus.Voided or HoldStatus.Expired:
                throw Ended(hold);
        }

        if (now >= hold.ExpiresAt)
        {
            throw LedgerRefusal.NamingTimes(RefusalCodes.HoldAlreadyEnded, $"Hold {hold.HoldId} expired at {hold.ExpiresAt}; hold the points again.");
        }

        RequireApproved(merchant, hold.MerchantId);
        return
        [
            new HoldCompleted(
                account.Id, hold.HoldId, hold.MerchantId, hold.Amount, hold.Reservations, command.Actor.PersonId,
                [.. Posting.Of(AccountId.Volunteer(account.Id), AccountId.Merchant(hold.MerchantId), LedgerUnit.Points, hold.Amount)],
                now),
        ];
    }

    /// <summary>A void is always allowed while the hold is open, even past its expiry: it only frees points.</summary>
    private static VolunteerAccountEvent[] Void(VoidHold command, VolunteerAccount account, Hold? named, DateTimeOffset now)
    {
        var hold = OwnHold(account, named, command.HoldId, command.Actor);
        switch (hold.Status)
        {
            case HoldStatus.Voided:
                return [];
            case HoldStatus.Completed or HoldStatus.Expired:
                throw Ended(hold);
        }

        var (released, debtRepaid) = ComeBack(account, hold.Reservations, 0, hold.Amount);
        return [new HoldVoided(account.Id, hold.HoldId, hold.MerchantId, hold.Amount, released, debtRepaid, command.Actor.PersonId, now)];
    }

    /// <summary>Idempotent: a hold that already ended needs nothing, whatever ended it; one not yet due is refused.</summary>
    private static VolunteerAccountEvent[] ExpireHold(ExpireHold command, VolunteerAccount account, Hold? named, DateTimeOffset now)
    {
        var hold = OnAccount(account, named, command.HoldId)
            ?? throw new LedgerRefusal(RefusalCodes.NotFound, $"Hold {command.HoldId} was not found.");
        if (!hold.IsOpen)
        {
            return [];
        }

        if (now < hold.ExpiresAt)
        {
            throw LedgerRefusal.NamingTimes(RefusalCodes.HoldNotYetExpired, $"Hold {hold.HoldId} expires at {hold.ExpiresAt}, not before.");
        }

        var (released, debtRepaid) = ComeBack(account, hold.Reservations, 0, hold.Amount);
        return [new HoldExpired(account.Id, hold.HoldId, hold.MerchantId, hold.Amount, released, debtRepaid, now)];
    }

    private static VolunteerAccountEvent[] Refund(RefundPoints command, VolunteerAccount account, Hold? named, LedgerPolicy policy, DateTimeOffset now)
    {
        var hold = OwnHold(account, named, command.HoldId, command.Actor);
        if (hold.RefundRequests.Contains(command.TillRequestId))
        {
            return [];
        }

        if (hold.Status != HoldStatus.Completed)
        {
            throw new LedgerRefusal(RefusalCodes.HoldNotCompleted, $"Hold {hold.HoldId} is {hold.Status.ToString().ToLowerInvariant()}; only a completed redemption is refunded.");
        }

        if (command.Amount <= 0)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidAmount, $"A refund gives back a positive number of points; got {command.Amount}.");
        }

        var closesAt = hold.CompletedAt!.Value + policy.RefundWindow;
        if (now > closesAt)
        {
            throw LedgerRefusal.NamingTimes(RefusalCodes.RefundWindowClosed, $"Hold {hold.HoldId} could be refunded until {closesAt}.");
        }

        if (command.Amount > hold.Refundable)
        {
            throw new LedgerRefusal(
                RefusalCodes.RefundExceedsCompleted,
                $"{command.Amount} points asked back; {hold.Amount} were redeemed and {hold.Refunded} refunded already.");
        }

        var (restored, debtRepaid) = ComeBack(account, hold.Reservations, hold.Refunded, command.Amount);
        return
        [
            new PointsRefunded(
                account.Id, hold.HoldId, hold.MerchantId, command.Amount, command.TillRequestId, restored, debtRepaid,
                command.Actor.PersonId,
                [.. Posting.Of(AccountId.Merchant(hold.MerchantId), AccountId.Volunteer(account.Id), LedgerUnit.Points, command.Amount)],
                now),
        ];
    }

    /// <summary>
    /// Points that come back to the volunteer (a release or a refund) repay debt first, like any earnings; the rest
    /// return to the lots they were drawn from, newest lot first, keeping the lot's original expiry. Of the draws
    /// (oldest first), the first <paramref name="alreadyBack"/> points counted from the newest came back before.
    /// </summary>
    private static (IReadOnlyList<LotDraw> Restored, long DebtRepaid) ComeBack(
        VolunteerAccount account, IReadOnlyList<LotDraw> draws, long alreadyBack, long amount)
    {
        var debtRepaid = Math.Min(account.PointsDebt, amount);
        return (Slice(draws.Reverse(), alreadyBack, amount - debtRepaid), debtRepaid);
    }

    /// <summary>From lots in order, skip <paramref name="skip"/> points, then take <paramref name="take"/> points.</summary>
    private static IReadOnlyList<LotDraw> Slice(IEnumerable<LotDraw> lots, long skip, long take)
    {
        var slice = new List<LotDraw>();
        foreach (var lot in lots)
        {
            if (take == 0)
            {
                break;
            }

            var skipped = Math.Min(skip, lot.Points);
            skip -= skipped;
            var taken = Math.Min(lot.Points - skipped, take);
            if (taken > 0)
            {
                slice.Add(new LotDraw(lot.LotId, taken));
                take -= taken;
            }
        }

        return slice;
    }

    private static IEnumerable<PointsLot> OldestFirst(IEnumerable<PointsLot> lots) =>
        lots.OrderBy(lot => lot.ExpiresAt).ThenBy(lot => lot.EarnedAt);

    /// <summary>A hold as its merchant's cashier sees it; anyone else is told it does not exist.</summary>
    private static Hold OwnHold(VolunteerAccount account, Hold? named, Guid holdId, Actor actor) =>
        OnAccount(account, named, holdId) is { } hold && actor.ActsFor(hold.MerchantId)
            ? hold
            : throw new LedgerRefusal(RefusalCodes.NotFound, $"Hold {holdId} was not found.");

    /// <summary>
    /// The named hold if it is this account's. An open hold must be the account's own entry (what it reserves is what the
    /// lots say); a caller's stale copy of it is refused rather than decided on.
    /// </summary>
    private static Hold? OnAccount(VolunteerAccount account, Hold? named, Guid holdId)
    {
        if (named is null || named.HoldId != holdId || named.VolunteerId != account.Id)
        {
            return null;
        }

        return named.IsOpen == account.Holds.ContainsKey(holdId)
            ? account.Holds.GetValueOrDefault(holdId) ?? named
            : throw new InvalidOperationException($"Hold {holdId} given as {named.Status} does not match account {account.Id}: load it in the account's transaction.");
    }

    private static void RequireApproved(Merchant? merchant, Guid merchantId)
    {
        if (merchant is null || merchant.Id != merchantId)
        {
            throw new LedgerRefusal(RefusalCodes.NotFound, $"Merchant {merchantId} was not found.");
        }

        if (!merchant.IsApproved)
        {
            throw new LedgerRefusal(RefusalCodes.MerchantNotApproved, $"Merchant {merchantId} is {merchant.Status.ToString().ToLowerInvariant()}; only an approved merchant redeems points.");
        }
    }

    private static LedgerRefusal Ended(Hold hold) =>
        new(RefusalCodes.HoldAlreadyEnded, $"Hold {hold.HoldId} is already {hold.Status.ToString().ToLowerInvariant()}.");

    internal static LedgerRefusal CodeInvalid() =>
        new(RefusalCodes.RedemptionCodeInvalid, "The redemption code is not valid: ask the volunteer for a new one.");

    /// <summary>The live code the till sent, if any. Every code is compared, whichever matches, so timing tells nothing.</summary>
    private static RedemptionCode? LiveCode(VolunteerAccount account, string? given, DateTimeOffset now)
    {
        RedemptionCode? match = null;
        foreach (var code in account.Codes)
        {
            if (SameCode(code.Value, given) & code.IsValidAt(now))
            {
                match = code;
            }
        }

        return match;
    }

    /// <summary>Compares in constant time, so that response times do not tell a guessing till how close it came.</summary>
    private static bool SameCode(string expected, string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given));
}
