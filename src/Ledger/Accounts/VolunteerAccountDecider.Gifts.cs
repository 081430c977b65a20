using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Gifts;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Accounts;

/// <summary>
/// The time bank's transfers on a member's account (ADR 0045): a gift to a confirmed direct relative within the yearly
/// cap, a donation to a community's pool, and the receiving side of a gift or a grant. Time credits only: they never
/// become points, goods or cash.
/// </summary>
public static partial class VolunteerAccountDecider
{
    /// <summary>
    /// The giver's side of a gift. The relation and the receiver's account are loaded by the caller (null: none);
    /// the receiver's side is <see cref="Receive"/> with <see cref="ReceivingOf(GiftGiven)"/>.
    /// </summary>
    public static VolunteerAccountEvent[] Give(
        GiveGift command, VolunteerAccount? giver, Relation? relation, VolunteerAccount? receiver, LedgerPolicy policy, DateTimeOffset now) =>
        GiveAlong(command, giver, relation, receiver is not null, policy, now, () => WithinCap(receiver!, command.TimeCredits, policy));

    /// <summary>
    /// The giver's side of a gift to a relative homed in another district (ADR 0047), decided in the giver's: the same
    /// rules as <see cref="Give"/> but the receiver's, which their own district decides when the gift arrives
    /// (<see cref="Arrive"/>); a refusal there sends it back (<see cref="TakeBack"/>). The relation is this district's copy.
    /// </summary>
    public static VolunteerAccountEvent[] GiveToOtherDistrict(GiveGift command, VolunteerAccount? giver, Relation? relation, LedgerPolicy policy, DateTimeOffset now) =>
        GiveAlong(command, giver, relation, receiverKnown: true, policy, now, receiverRules: () => { });

    private static VolunteerAccountEvent[] GiveAlong(
        GiveGift command, VolunteerAccount? giver, Relation? relation, bool receiverKnown, LedgerPolicy policy, DateTimeOffset now, Action receiverRules)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(policy);
        OwnAccount(command.Actor, command.VolunteerId, "gives time credits");
        if (giver is null)
        {
            throw NotRegistered(command.VolunteerId);
        }

        if (giver.Transfers.Transfers.Contains(command.TransferId))
        {
            return []; // Given already: the same gift asked again.
        }

        if (command.ReceiverId == giver.Id)
        {
            throw new LedgerRefusal(RefusalCodes.GiftToSelf, "A member does not give time credits to themself.");
        }

        PositiveAmount(command.TimeCredits);
        if (relation is null || relation.IsEnded || !relation.Concerns(giver.Id) || !relation.Concerns(command.ReceiverId) || !receiverKnown)
        {
            throw new LedgerRefusal(RefusalCodes.NotARelative, "Time credits are given only to a recorded direct relative.");
        }

        if (!relation.IsConfirmed)
        {
            throw new LedgerRefusal(RefusalCodes.RelationNotConfirmed, "The relation is not yet confirmed by both members.");
        }

        var year = ChinaTime.YearOf(now);
        var given = giver.Transfers.GivenIn(year);
        if (checked(given + command.TimeCredits) > policy.YearlyGiftCap.Value)
        {
            throw new LedgerRefusal(RefusalCodes.GiftYearlyCapExceeded,
                $"Gifts of {year} may total {policy.YearlyGiftCap.Value} minutes; {given} are given, {Math.Max(0, policy.YearlyGiftCap.Value - given)} are left.");
        }

        Available(giver, command.TimeCredits);
        receiverRules();

        return [new GiftGiven(giver.Id, command.TransferId, command.ReceiverId, relation.Id, command.TimeCredits, year,
            [.. Posting.Of(AccountId.Volunteer(giver.Id), AccountId.Transit(command.TransferId), LedgerUnit.TimeCredits, command.TimeCredits)], now)];
    }

    /// <summary>
    /// A gift from another district arrives in the receiver's (ADR 0047): received once per transfer, as
    /// <see cref="Receive"/>; refused when it would take the receiver past the cap of their home district's
    /// <paramref name="policy"/> (the rule <see cref="Give"/> applies at once in one database). A refusal moves nothing and
    /// is remembered on the account (<see cref="GiftTurnedBack"/>: its code goes back to the giver), so a later delivery
    /// of the same transfer credits nothing, even if it would fit by then.
    /// </summary>
    public static VolunteerAccountEvent[] Arrive(ReceiveTransfer command, VolunteerAccount? receiver, LedgerPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(policy);
        if (receiver is null)
        {
            throw NotRegistered(command.VolunteerId);
        }

        if (receiver.Transfers.Transfers.Contains(command.TransferId))
        {
            return [];
        }

        return OverCap(receiver, command.TimeCredits, policy) is { } refusal
            ? [new GiftTurnedBack(receiver.Id, command.TransferId, command.FromGiver ?? throw new ArgumentException("A gift has a giver.", nameof(command)),
                command.TimeCredits, refusal.Code, now)]
            : Receive(command, receiver, now);
    }

    /// <summary>
    /// The giver's account takes back a gift the receiver's district refused: out of transit, once per transfer (a second
    /// return changes nothing); only a gift this account gave comes back to it.
    /// </summary>
    public static VolunteerAccountEvent[] TakeBack(ReturnGift command, VolunteerAccount? giver, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (giver is null)
        {
            throw NotRegistered(command.VolunteerId);
        }

        if (giver.Transfers.Returned.Contains(command.TransferId))
        {
            return [];
        }

        if (!giver.Transfers.Transfers.Contains(command.TransferId))
        {
            throw new LedgerRefusal(RefusalCodes.NotFound, $"Volunteer {giver.Id} gave no gift {command.TransferId} to take back.");
        }

        PositiveAmount(command.TimeCredits);
        var debtRepaid = Math.Min(giver.TimeCreditDebt, command.TimeCredits);
        return [new GiftReturned(giver.Id, command.TransferId, command.ReceiverId, command.TimeCredits, debtRepaid, command.Year, command.Code,
            [.. Posting.Of(AccountId.Transit(command.TransferId), AccountId.Volunteer(giver.Id), LedgerUnit.TimeCredits, command.TimeCredits)], now)];
    }

    /// <summary>What the receiver's district sends back to the giver's when it turned a gift back.</summary>
    public static ReturnGift ReturnOf(GiftTurnedBack turnedBack, int year)
    {
        ArgumentNullException.ThrowIfNull(turnedBack);
        return new(turnedBack.GiverId, turnedBack.TransferId, turnedBack.VolunteerId, turnedBack.TimeCredits, year, turnedBack.Code);
    }

    /// <summary>The donor's side of a donation to the pool of <see cref="DonateTimeCredits.CommunityId"/> (which the caller found registered).</summary>
    public static VolunteerAccountEvent[] Donate(DonateTimeCredits command, VolunteerAccount? donor, bool communityExists, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        OwnAccount(command.Actor, command.VolunteerId, "donates time credits");
        if (donor is null)
        {
            throw NotRegistered(command.VolunteerId);
        }

        if (donor.Transfers.Transfers.Contains(command.TransferId))
        {
            return [];
        }

        if (!communityExists)
        {
            throw new LedgerRefusal(RefusalCodes.NotFound, $"No community {command.CommunityId} in the city.");
        }

        PositiveAmount(command.TimeCredits);
        Available(donor, command.TimeCredits);
        return [new TimeCreditsDonated(donor.Id, command.TransferId, command.CommunityId, command.TimeCredits,
            [.. Posting.Of(AccountId.Volunteer(donor.Id), AccountId.Transit(command.TransferId), LedgerUnit.TimeCredits, command.TimeCredits)], now)];
    }

    /// <summary>
    /// The receiving side of a gift or a grant: once per transfer, whatever the receiver's cap (the sending side checked
    /// it; see ADR 0045). What comes in repays a debt first.
    /// </summary>
    public static VolunteerAccountEvent[] Receive(ReceiveTransfer command, VolunteerAccount? receiver, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (receiver is null)
        {
            throw NotRegistered(command.VolunteerId);
        }

        if (receiver.Transfers.Transfers.Contains(command.TransferId))
        {
            return [];
        }

        PositiveAmount(command.TimeCredits);
        var debtRepaid = Math.Min(receiver.TimeCreditDebt, command.TimeCredits);
        Posting[] postings = [.. Posting.Of(AccountId.Transit(command.TransferId), AccountId.Volunteer(receiver.Id), LedgerUnit.TimeCredits, command.TimeCredits)];
        return (command.FromGiver, command.FromPoolOf) switch
        {
            ({ } giver, null) => [new GiftReceived(receiver.Id, command.TransferId, giver, command.TimeCredits, debtRepaid, command.Year, postings, now)],
            (null, { } community) => [new PoolGrantReceived(receiver.Id, command.TransferId, community, command.TimeCredits, debtRepaid, postings, now)],
            _ => throw new ArgumentException("A transfer comes from a giver or from a pool.", nameof(command)),
        };
    }

    /// <summary>What the receiver's side of a gift is.</summary>
    public static ReceiveTransfer ReceivingOf(GiftGiven given)
    {
        ArgumentNullException.ThrowIfNull(given);
        return new(given.ReceiverId, given.TransferId, given.TimeCredits, given.VolunteerId, null, given.Year);
    }

    /// <summary>
    /// A gift or grant is refused when it would take the receiver past their cap: time credits above the cap are the
    /// pool's, and a transfer is not a way round it (ADR 0045).
    /// </summary>
    public static void WithinCap(VolunteerAccount receiver, long amount, LedgerPolicy policy)
    {
        if (OverCap(receiver, amount, policy) is { } refusal)
        {
            throw refusal;
        }
    }

    private static LedgerRefusal? OverCap(VolunteerAccount receiver, long amount, LedgerPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(policy);
        return checked(receiver.TimeCredits + amount) > policy.TimeCreditCap.Value
            ? new LedgerRefusal(RefusalCodes.ReceiverCapExceeded,
                $"The receiver may hold at most {policy.TimeCreditCap.Value} minutes of time credits; {Math.Max(0, policy.TimeCreditCap.Value - receiver.TimeCredits)} more fit.")
            : null;
    }

    private static void OwnAccount(Actor actor, Guid volunteerId, string what)
    {
        if (actor.Role != ActorRole.Volunteer || actor.PersonId != volunteerId)
        {
            throw new LedgerRefusal(RefusalCodes.Forbidden, $"Only the member themself {what} from their account.");
        }
    }

    private static void PositiveAmount(long amount)
    {
        if (amount <= 0)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidAmount, $"An amount of time credits is a positive number of minutes; got {amount}.");
        }
    }

    private static void Available(VolunteerAccount account, long amount)
    {
        if (amount > account.AvailableTimeCredits)
        {
            throw new LedgerRefusal(RefusalCodes.InsufficientTimeCredits,
                $"{account.AvailableTimeCredits} minutes of time credits are available; {amount} were asked.");
        }
    }
}
