using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Gifts;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.Units;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests.Gifts;

/// <summary>
/// A gift between two districts (ADR 0047), decided as the service runs it: given in the giver's district
/// (<see cref="VolunteerAccountDecider.GiveToOtherDistrict"/>), the message delivered to the receiver's (at least once,
/// so sometimes twice), decided there on arrival (<see cref="VolunteerAccountDecider.Arrive"/>), and, refused there,
/// returned to the giver (<see cref="VolunteerAccountDecider.TakeBack"/>, also delivered at least once). Relations
/// decided in one district and copied to the other (<see cref="RelationDecider.Copy"/>).
/// </summary>
public sealed class GiftsAcrossDistrictsTests
{
    private static readonly Guid North = new("00000000-0000-0000-0000-00000000c00a");
    private static readonly Guid South = new("00000000-0000-0000-0000-00000000c00b");
    private static readonly Guid GiverId = new("00000000-0000-0000-0000-00000000a00a");
    private static readonly Guid ReceiverId = new("00000000-0000-0000-0000-00000000a00b");

    /// <summary>The receiving district's cap is small (100 minutes), so that arrivals reach it.</summary>
    private static readonly LedgerPolicy Giving = LedgerPolicy.Default with { YearlyGiftCap = new Minutes(400) };

    private static readonly LedgerPolicy Receiving = LedgerPolicy.Default with { TimeCreditCap = new Minutes(100) };

    [Fact]
    public void A_gift_is_given_in_the_givers_district_received_once_in_the_receivers_and_a_second_delivery_credits_nothing()
    {
        var world = new Districts(giverCredits: 300);
        var gift = world.Give(60);
        Assert.Equal(240, world.Giver.TimeCredits);
        Assert.Equal(60, world.Giver.Transfers.GivenIn(ChinaTime.YearOf(Now)));

        world.Arrive(gift);
        world.Arrive(gift);
        Assert.Equal(60, world.Receiver.TimeCredits);
        Assert.Single(world.ReceiverEvents.OfType<GiftReceived>());
        Assert.Empty(world.Returns);
        Assert.Equal(0, world.Transit(gift.TransferId));
    }

    [Fact]
    public void A_gift_over_the_receivers_cap_is_turned_back_there_and_returned_to_the_giver_once_with_the_code()
    {
        var world = new Districts(giverCredits: 300, receiverCredits: 80);
        var gift = world.Give(60);
        world.Arrive(gift);
        var turnedBack = Assert.IsType<GiftTurnedBack>(Assert.Single(world.ReceiverEvents.OfType<GiftTurnedBack>()));
        Assert.Equal(RefusalCodes.ReceiverCapExceeded, turnedBack.Code);
        Assert.Equal(80, world.Receiver.TimeCredits);

        // Room made at the receiver's, then the same gift delivered again: it was turned back, so it credits nothing.
        world.ReceiverSpends(50);
        world.Arrive(gift);
        Assert.Equal(30, world.Receiver.TimeCredits);

        var back = Assert.Single(world.Returns.Distinct());
        world.TakeBack(back);
        world.TakeBack(back);
        var returned = Assert.Single(world.GiverEvents.OfType<GiftReturned>());
        Assert.Equal((60L, RefusalCodes.ReceiverCapExceeded), (returned.TimeCredits, returned.Code));
        Assert.Equal(300, world.Giver.TimeCredits);
        Assert.Equal(0, world.Giver.Transfers.GivenIn(ChinaTime.YearOf(Now)));
        Assert.Equal(0, world.Transit(gift.TransferId));
    }

    [Fact]
    public void The_givers_district_decides_every_rule_but_the_receivers_cap()
    {
        var world = new Districts(giverCredits: 300, receiverCredits: 100);
        world.Refused(new GiveGift(GiverId, Guid.NewGuid(), ReceiverId, 301, Actor(GiverId)), RefusalCodes.InsufficientTimeCredits);
        world.Refused(new GiveGift(GiverId, Guid.NewGuid(), ReceiverId, 0, Actor(GiverId)), RefusalCodes.InvalidAmount);
        world.Refused(new GiveGift(GiverId, Guid.NewGuid(), GiverId, 10, Actor(GiverId)), RefusalCodes.GiftToSelf);
        world.Refused(new GiveGift(GiverId, Guid.NewGuid(), ReceiverId, 10, Actor(ReceiverId)), RefusalCodes.Forbidden);
        world.Refused(new GiveGift(GiverId, Guid.NewGuid(), Guid.NewGuid(), 10, Actor(GiverId)), RefusalCodes.NotARelative);
        world.Give(250);
        world.Refused(new GiveGift(GiverId, Guid.NewGuid(), ReceiverId, 51, Actor(GiverId)), RefusalCodes.InsufficientTimeCredits);

        // Full at the receiver's: given all the same (this district does not know), and returned from there.
        Assert.Equal(50, world.Giver.TimeCredits);
    }

    [Fact]
    public void A_gift_given_twice_under_one_id_is_given_once_and_a_return_of_a_gift_never_given_is_refused()
    {
        var world = new Districts(giverCredits: 300);
        var gift = world.Give(60);
        Assert.Empty(VolunteerAccountDecider.GiveToOtherDistrict(
            new GiveGift(GiverId, gift.TransferId, ReceiverId, 60, Actor(GiverId)), world.Giver, world.Relation, Giving, Now));
        var refusal = Assert.Throws<LedgerRefusal>(() => VolunteerAccountDecider.TakeBack(
            new ReturnGift(GiverId, Guid.NewGuid(), ReceiverId, 60, 2026, RefusalCodes.ReceiverCapExceeded), world.Giver, Now));
        Assert.Equal(RefusalCodes.NotFound, refusal.Code);
        Assert.Equal(RefusalCodes.VolunteerNotFound, Assert.Throws<LedgerRefusal>(() => VolunteerAccountDecider.Arrive(
            gift, null, Receiving, Now)).Code);
    }

    [Fact]
    public void A_relation_decided_in_one_district_is_copied_to_the_other_once_and_in_any_order_of_its_confirmations()
    {
        var recorded = new RelationRecorded(Relation.IdOf(GiverId, ReceiverId), GiverId, ReceiverId, DirectRelation.Child, North, South, RiversideStaffId, Now);
        var giverConfirmed = new RelationConfirmed(recorded.RelationId, GiverId, Now.AddMinutes(1));
        var receiverConfirmed = new RelationConfirmed(recorded.RelationId, ReceiverId, Now.AddMinutes(2));
        var ended = new RelationEnded(recorded.RelationId, ReceiverId, Now.AddMinutes(3));

        // A confirmation that overtook its recording waits for it.
        Assert.Throws<RelationNotYetCopiedException>(() => RelationDecider.Copy(giverConfirmed, null));

        foreach (var order in new[] { new RelationEvent[] { recorded, giverConfirmed, receiverConfirmed }, [recorded, receiverConfirmed, giverConfirmed] })
        {
            // Each delivered twice.
            var copy = Fold([], order.SelectMany(e => new[] { e, e }));
            Assert.Equal(3, copy.Count);
            Assert.Equal(RelationState.Confirmed, State(copy)!.State);
            copy = Fold(copy, [ended, ended]);
            Assert.Equal(RelationState.Ended, State(copy)!.State);

            // A late confirmation changes nothing of an ended copy; a recording anew (later) is copied, an old one again is not.
            Assert.Empty(RelationDecider.Copy(giverConfirmed, State(copy)));
            Assert.Empty(RelationDecider.Copy(recorded, State(copy)));
            var anew = recorded with { RecordedAt = Now.AddHours(1) };
            Assert.Equal([anew], RelationDecider.Copy(anew, State(copy)));
            Assert.Empty(RelationDecider.Copy(giverConfirmed, State([.. copy, anew])));
        }
    }

    /// <summary>
    /// Random gifts both ways, earnings and spending at the receiver's, each message delivered once or twice, in any order:
    /// once every message is delivered, nothing is in transit, each gift is received or returned (exactly one of them,
    /// once), the accounts equal their postings, no one holds more than they earned plus what they were given, and time
    /// credits are conserved.
    /// </summary>
    [Property(MaxTest = 500, QuietOnSuccess = true)]
    public Property Every_gift_between_districts_is_received_or_returned_exactly_once() =>
        Prop.ForAll(Gen.Choose(0, (1 << 12) - 1).ArrayOf().ToArbitrary(), steps =>
        {
            var world = new Districts(giverCredits: 400, receiverCredits: 50);
            var inFlight = new List<ReceiveTransfer>();
            var returns = new List<ReturnGift>();
            foreach (var step in steps)
            {
                var amount = ((step >> 3) % 120) + 1;
                switch (step & 7)
                {
                    case 0 or 1:
                        if (world.TryGive(amount) is { } gift)
                        {
                            inFlight.Add(gift);
                        }

                        break;
                    case 2 or 3 when inFlight.Count > 0:
                        var arriving = inFlight[(step >> 3) % inFlight.Count];
                        world.Arrive(arriving);
                        if ((step & 1) == 0)
                        {
                            inFlight.Remove(arriving); // else delivered again later
                        }

                        break;
                    case 4 when world.Returns.Count > 0:
                        world.TakeBack(world.Returns[(step >> 3) % world.Returns.Count]);
                        break;
                    case 5:
                        world.ReceiverSpends(Math.Min(amount, world.Receiver.TimeCredits));
                        break;
                    case 6:
                        world.EarnAtReceivers(amount);
                        break;
                }
            }

            // Every message delivered at last (the durable queue's promise), some twice.
            foreach (var gift in inFlight.Concat(world.Given.Select(VolunteerAccountDecider.ReceivingOf)))
            {
                world.Arrive(gift);
            }

            foreach (var back in world.Returns.ToList())
            {
                world.TakeBack(back);
            }

            foreach (var given in world.Given)
            {
                var received = world.ReceiverEvents.OfType<GiftReceived>().Count(r => r.TransferId == given.TransferId);
                var returned = world.GiverEvents.OfType<GiftReturned>().Count(r => r.TransferId == given.TransferId);
                Assert.Equal(1, received + returned);
                Assert.Equal(0, world.Transit(given.TransferId));
            }

            Assert.Equal(world.Giver.TimeCredits, world.Balance(AccountId.Volunteer(GiverId)));
            Assert.Equal(world.Receiver.TimeCredits, world.Balance(AccountId.Volunteer(ReceiverId)));
            Assert.Equal(world.Issued, world.Giver.TimeCredits + world.Receiver.TimeCredits + world.Spent + world.Balance(AccountId.Pool(South)));
            Assert.Equal(
                world.Given.Sum(g => g.TimeCredits) - world.GiverEvents.OfType<GiftReturned>().Sum(r => r.TimeCredits),
                world.Giver.Transfers.GivenIn(ChinaTime.YearOf(Now)));
            Assert.True(world.Giver.TimeCredits >= 0 && world.Receiver.TimeCredits >= 0);
        });

    private static Ledger.Actors.Actor Actor(Guid id) => Ledger.Actors.Actor.Volunteer(id);

    private static List<RelationEvent> Fold(List<RelationEvent> copy, IEnumerable<RelationEvent> arriving)
    {
        foreach (var e in arriving)
        {
            copy.AddRange(RelationDecider.Copy(e, State(copy)));
        }

        return copy;
    }

    private static Relation? State(IEnumerable<RelationEvent> events) => events.Aggregate((Relation?)null, Relation.Evolve);

    /// <summary>The giver's account in one district, the receiver's in another, and the relation's copy in the giver's.</summary>
    private sealed class Districts
    {
        private readonly List<Posting> postings = [];
        private readonly Dictionary<Guid, List<VolunteerAccountEvent>> accounts = [];

        public Districts(long giverCredits, long receiverCredits = 0)
        {
            Append(VolunteerAccountDecider.Decide(new RegisterVolunteer(GiverId, North, "N-1", GiftWorld.Registrar), null, Giving, Now));
            Append(VolunteerAccountDecider.Decide(new RegisterVolunteer(ReceiverId, South, "S-1", GiftWorld.Registrar), null, Receiving, Now));
            Earn(GiverId, giverCredits, Giving);
            Earn(ReceiverId, receiverCredits, Receiving);
            Relation = new Relation(Relation.IdOf(GiverId, ReceiverId), GiverId, ReceiverId, DirectRelation.Child, North, South, true, true, Now, Now);
        }

        public Relation Relation { get; }

        public VolunteerAccount Giver => Account(GiverId)!;

        public VolunteerAccount Receiver => Account(ReceiverId)!;

        public IReadOnlyList<VolunteerAccountEvent> GiverEvents => accounts[GiverId];

        public IReadOnlyList<VolunteerAccountEvent> ReceiverEvents => accounts[ReceiverId];

        public IEnumerable<GiftGiven> Given => GiverEvents.OfType<GiftGiven>();

        /// <summary>Every return the receiver's district sent (one per arrival it turned back, delivered again included).</summary>
        public List<ReturnGift> Returns { get; } = [];

        public long Issued { get; private set; }

        public long Spent { get; private set; }

        public ReceiveTransfer Give(long amount) =>
            TryGive(amount) ?? throw new InvalidOperationException($"A gift of {amount} was not given.");

        public ReceiveTransfer? TryGive(long amount)
        {
            try
            {
                var given = VolunteerAccountDecider.GiveToOtherDistrict(
                    new GiveGift(GiverId, Guid.NewGuid(), ReceiverId, amount, Actor(GiverId)), Giver, Relation, Giving, Now);
                Append(given);
                return VolunteerAccountDecider.ReceivingOf(Assert.IsType<GiftGiven>(Assert.Single(given)));
            }
            catch (LedgerRefusal)
            {
                return null;
            }
        }

        public void Refused(GiveGift command, string code)
        {
            var before = GiverEvents.Count;
            Assert.Equal(code, Assert.Throws<LedgerRefusal>(() => VolunteerAccountDecider.GiveToOtherDistrict(command, Giver, Relation, Giving, Now)).Code);
            Assert.Equal(before, GiverEvents.Count);
        }

        /// <summary>The receiver's district handles the message, as its handler does: decided, and a refusal sent back.</summary>
        public void Arrive(ReceiveTransfer gift)
        {
            var arrival = VolunteerAccountDecider.Arrive(gift, Receiver, Receiving, Now);
            Append(arrival);
            Returns.AddRange(arrival.OfType<GiftTurnedBack>().Select(t => VolunteerAccountDecider.ReturnOf(t, gift.Year)));
        }

        public void TakeBack(ReturnGift back) => Append(VolunteerAccountDecider.TakeBack(back, Giver, Now));

        /// <summary>The receiver spends (a donation to the south's pool): room under the cap.</summary>
        public void ReceiverSpends(long amount)
        {
            if (amount > 0)
            {
                Append(VolunteerAccountDecider.Donate(new DonateTimeCredits(ReceiverId, Guid.NewGuid(), South, amount, Actor(ReceiverId)), Receiver, true, Now));
                Spent += amount;
            }
        }

        public void EarnAtReceivers(long minutes) => Earn(ReceiverId, minutes, Receiving);

        public long Transit(Guid transferId) => Balance(AccountId.Transit(transferId));

        public long Balance(AccountId account) =>
            postings.Where(p => p.Unit == LedgerUnit.TimeCredits && p.To == account).Sum(p => p.Amount)
            - postings.Where(p => p.Unit == LedgerUnit.TimeCredits && p.From == account).Sum(p => p.Amount);

        private void Earn(Guid volunteerId, long minutes, LedgerPolicy policy)
        {
            if (minutes <= 0)
            {
                return;
            }

            var credited = VolunteerAccountDecider.Decide(new CreditService(volunteerId, Guid.NewGuid(), volunteerId == GiverId ? North : South, minutes, "eldercare", 100, true),
                Account(volunteerId), policy, Now);
            Append(credited);
            Issued += minutes;
        }

        private VolunteerAccount? Account(Guid id) => accounts.TryGetValue(id, out var events) ? events.Aggregate((VolunteerAccount?)null, VolunteerAccount.Evolve) : null;

        private void Append(IEnumerable<VolunteerAccountEvent> events)
        {
            foreach (var e in events)
            {
                (accounts.TryGetValue(e.VolunteerId, out var stream) ? stream : accounts[e.VolunteerId] = []).Add(e);
                if (e is ILedgerTransaction transaction)
                {
                    postings.AddRange(transaction.Postings);
                }
            }
        }
    }
}
