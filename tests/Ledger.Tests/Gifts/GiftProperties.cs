using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Gifts;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.Tests.Properties;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Tests.Gifts;

/// <summary>
/// Random histories of credited service (with cap overflow), revocations, relations, gifts, donations, grants, repeats and
/// time passing over new year, run as the API runs them (<see cref="GiftWorld"/>): time credits are conserved, the
/// yearly cap holds, no member's time credits go below zero, and each pool's balance equals the postings to its account.
/// </summary>
public sealed class GiftProperties
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid[] Communities = [new("00000000-0000-0000-0000-00000000c001"), new("00000000-0000-0000-0000-00000000c002")];
    private static readonly Guid[] Members =
        [new("00000000-0000-0000-0000-00000000a001"), new("00000000-0000-0000-0000-00000000a002"),
         new("00000000-0000-0000-0000-00000000a003")];

    /// <summary>Small caps, so that histories reach them: 600 minutes per account, 400 of gifts per year.</summary>
    private static readonly LedgerPolicy Policy = LedgerPolicy.Default with { TimeCreditCap = new Minutes(600), YearlyGiftCap = new Minutes(400) };

    /// <summary>A step: its kind in the low 4 bits, then two members, an amount (0 to 1,023) and a community.</summary>
    private static readonly Arbitrary<int[]> Histories =
        Gen.Choose(0, 150).SelectMany(length => Gen.Choose(0, (1 << 21) - 1).ArrayOf(length)).ToArbitrary();

    [Property(MaxTest = 1000, QuietOnSuccess = true)]
    public Property Time_credits_are_conserved_the_yearly_cap_holds_and_pools_equal_their_postings() =>
        Prop.ForAll(Histories, Run);

    private static void Run(int[] steps)
    {
        var world = new GiftWorld(Policy);
        var now = Start;
        var records = Members.ToDictionary(m => m, _ => new List<Guid>());
        object? lastGift = null;
        foreach (var community in Communities)
        {
            world.AddCommunity(community);
        }

        for (var i = 0; i < Members.Length; i++)
        {
            world.Run(new RegisterVolunteer(Members[i], Communities[i % 2], $"M-{i}", GiftWorld.Registrar), now);
        }

        // Two relations recorded to begin with (still to be confirmed by both), so that gifts are common.
        world.Run(new RecordRelation(Members[0], Members[1], DirectRelation.Spouse, GiftWorld.Registrar), now);
        world.Run(new RecordRelation(Members[1], Members[2], DirectRelation.Parent, GiftWorld.Registrar), now);

        foreach (var step in steps ?? [])
        {
            var kind = step & 0xF;
            var a = Members[((step >> 4) & 3) % Members.Length];
            var b = Members[((step >> 6) & 3) % Members.Length];
            var amount = (long)((step >> 8) & 0x3FF);
            var community = Communities[(step >> 18) & 1];
            switch (kind)
            {
                case 0 or 1:
                    var record = Guid.NewGuid();
                    if (world.Run(new CreditService(a, record, community, amount % 720 + 1, "care", 100, true), now).Refusal is null)
                    {
                        records[a].Add(record);
                    }

                    break;
                case 2 when records[a].Count > 0:
                    world.Run(new RevokeServiceCredit(a, records[a][(int)(amount % records[a].Count)], "revoked", Guid.Empty), now);
                    break;
                case 3:
                    world.Run(new RecordRelation(a, b, DirectRelation.Child, GiftWorld.Registrar), now);
                    break;
                case 4 or 5:
                    // The member confirms their side of every relation of theirs (refused where there is none).
                    foreach (var other in Members)
                    {
                        world.Run(new ConfirmRelation(Relation.IdOf(a, other), a, Actor.Volunteer(a)), now);
                    }

                    break;
                case 6:
                    world.Run(new EndRelation(Relation.IdOf(a, b), Actor.Volunteer(a)), now);
                    break;
                case 7 or 8 or 9:
                    lastGift = new GiveGift(a, Guid.NewGuid(), b, amount % 250, Actor.Volunteer(a));
                    world.Run(lastGift, now);
                    break;
                case 10 when lastGift is not null:
                    world.Run(lastGift, now); // the same gift asked again
                    break;
                case 11:
                    world.Run(new DonateTimeCredits(a, Guid.NewGuid(), community, amount % 400, Actor.Volunteer(a)), now);
                    break;
                case 12:
                    world.Run(new GrantFromPool(Guid.NewGuid(), community, b, amount % 400, "in need", GiftWorld.Registrar), now);
                    break;
                case 13:
                    world.DeliverPoolMessages(now, twice: (step & 0x100000) != 0);
                    break;
                case 14:
                    now = now.AddHours(amount * 3); // up to 128 days: histories cross new year
                    break;
                default:
                    break;
            }

            AssertBooks(world, deliveredAll: false);
        }

        world.DeliverPoolMessages(now);
        AssertBooks(world, deliveredAll: true);
    }

    private static void AssertBooks(GiftWorld world, bool deliveredAll)
    {
        // Conservation per unit: every posting balances, so the trial balance is zero, and every transfer's transit is empty.
        foreach (var unit in Enum.GetValues<LedgerUnit>())
        {
            var accounts = world.Postings.Where(p => p.Unit == unit).SelectMany(p => new[] { p.From, p.To }).Distinct().ToList();
            Assert.Equal(0, accounts.Sum(account => world.BalanceOf(account, unit)));
            Assert.All(accounts.Where(account => account.Value.StartsWith("transfer/", StringComparison.Ordinal)),
                transit => Assert.Equal(0, world.BalanceOf(transit, unit)));
        }

        foreach (var member in Members)
        {
            var account = world.Account(member)!;
            // What the account says it holds is what its postings say; time credits are never spent below zero.
            Assert.Equal(account.TimeCreditBalance, world.BalanceOf(AccountId.Volunteer(member), LedgerUnit.TimeCredits));
            Assert.True(account.TimeCredits >= 0, $"{member} holds {account.TimeCredits} time credits.");
            Assert.True(account.AvailableTimeCredits >= 0);

            // The yearly cap, from the events themselves.
            foreach (var year in world.AccountStream(member).OfType<GiftGiven>().GroupBy(g => g.Year))
            {
                Assert.True(year.Sum(g => g.TimeCredits) <= Policy.YearlyGiftCap.Value, $"{member} gave {year.Sum(g => g.TimeCredits)} in {year.Key}.");
                Assert.Equal(year.Sum(g => g.TimeCredits), account.Transfers.GivenIn(year.Key));
            }

            // Time credits never become points: the time bank's transfers post time credits only.
            Assert.All(world.AccountStream(member).Where(e => e is GiftGiven or GiftReceived or TimeCreditsDonated or PoolGrantReceived)
                .Cast<ILedgerTransaction>().SelectMany(t => t.Postings), p => Assert.Equal(LedgerUnit.TimeCredits, p.Unit));
        }

        foreach (var community in Communities)
        {
            // A grant never takes more than the pool holds at the time.
            var balance = 0L;
            foreach (var @event in world.PoolStream(community))
            {
                var before = balance;
                balance = CommunityPool.Evolve(new CommunityPool(Guid.Empty, community, before, 0, 0, 0, 0, 0, 0, []), @event)!.Balance;
                if (@event is PoolGranted granted)
                {
                    Assert.True(granted.TimeCredits <= Math.Max(0, before), $"A grant of {granted.TimeCredits} from a pool holding {before}.");
                }
            }

            if (deliveredAll)
            {
                Assert.Equal(world.BalanceOf(AccountId.Pool(community), LedgerUnit.TimeCredits), world.Pool(community)?.Balance ?? 0);
            }
        }
    }
}
