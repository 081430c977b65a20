using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Needs;
using TimeBank.Ledger.Tests.Properties;
using TimeBank.Ledger.Units;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests.Needs;

public enum NeedStepKind
{
    Post,
    Accept,
    Confirm,
    Cancel,
    Dispute,
    Decide,
    Expire,
    Wait,
}

/// <param name="Who">0–3 a member, 4 Riverside's staff, 5 Hillside's staff.</param>
/// <param name="Need">Which of six needs.</param>
/// <param name="Size">Minutes of a post, or the volunteer's part of a split, or hours to wait.</param>
public sealed record NeedStep(NeedStepKind Kind, int Who, int Need, int Size, bool Off);

public sealed record NeedHistory(ImmutableArray<NeedStep> Steps)
{
    public override string ToString() => string.Join(Environment.NewLine, Steps);
}

public static class NeedArbitraries
{
    public static Arbitrary<NeedHistory> History() => Arb.From(
        Gen.Sized(size => Gen.Choose(0, Math.Min(60, 5 + size)).SelectMany(n => Gen.ArrayOf(StepGen, n)).Select(s => new NeedHistory([.. s]))),
        h => h.Steps.Length == 0 ? [] : Enumerable.Range(0, h.Steps.Length).Reverse().Select(i => new NeedHistory(h.Steps.RemoveAt(i))));

    private static Gen<NeedStep> StepGen => Gen.Frequency(
        (8, Step(NeedStepKind.Post, Gen.Choose(0, 5), Gen.Frequency((12, Gen.Choose(1, 300)), (1, Gen.Choose(-1, 0)), (1, Gen.Choose(700, 800))))),
        (8, Step(NeedStepKind.Accept, Gen.Choose(0, 5), Gen.Constant(0))),
        (6, Step(NeedStepKind.Confirm, Gen.Choose(0, 5), Gen.Constant(0))),
        (3, Step(NeedStepKind.Cancel, Gen.Choose(0, 5), Gen.Constant(0))),
        (3, Step(NeedStepKind.Dispute, Gen.Choose(0, 5), Gen.Constant(0))),
        (4, Step(NeedStepKind.Decide, Gen.Choose(0, 5), Gen.Choose(-5, 305))),
        (3, Step(NeedStepKind.Expire, Gen.Constant(0), Gen.Constant(0))),
        (3, Step(NeedStepKind.Wait, Gen.Constant(0), Gen.Choose(1, 24 * 10))));

    private static Gen<NeedStep> Step(NeedStepKind kind, Gen<int> who, Gen<int> size) =>
        from w in who
        from n in Gen.Choose(0, 5)
        from s in size
        from off in Gen.Frequency((6, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new NeedStep(kind, w, n, s, off);
}

[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NeedPropertyAttribute : PropertyAttribute
{
    public NeedPropertyAttribute()
    {
        MaxTest = PropertyCases.Count;
        Arbitrary = [typeof(NeedArbitraries)];
        QuietOnSuccess = true;
    }
}

/// <summary>
/// Random histories of needs among four members of two communities: every escrow is paid, split or released exactly
/// once, time credits are conserved (the trial balance stays zero, and each account's postings agree with its state),
/// and no member's available time credits go below zero.
/// </summary>
public sealed class NeedProperties
{
    private static readonly Guid[] Members = [AnaId, BenId, new("00000000-0000-0000-0000-00000000a003"), new("00000000-0000-0000-0000-00000000a004")];
    private static readonly long[] Credits = [400, 200, 0, 60];
    private static readonly Actor[] Actors = [.. Members.Select(Actor.Volunteer), RiversideStaff, HillsideStaff];

    [NeedProperty]
    public void Every_escrow_ends_once_and_time_credits_are_conserved(NeedHistory history)
    {
        var world = new NeedWorld().Community(Riverside, RiversideStaffId).Community(Hillside, HillsideStaffId);
        for (var i = 0; i < Members.Length; i++)
        {
            world.Member(Members[i], i % 2 == 0 ? Riverside : Hillside, Credits[i], Now.AddDays(-1));
        }

        var issued = -world.TrialBalance().Where(b => b.Key.Account.Value.EndsWith("/issuance", StringComparison.Ordinal) && b.Key.Unit == LedgerUnit.TimeCredits).Sum(b => b.Value);
        var now = Now;
        foreach (var step in history.Steps)
        {
            if (step.Kind == NeedStepKind.Wait)
            {
                now = now.AddHours(step.Size);
                continue;
            }

            var command = CommandOf(step, world, now, ref now);
            var accountsBefore = world.Accounts.ToDictionary();
            var needsBefore = world.Needs.ToDictionary();
            var postingsBefore = world.Postings.Count;
            try
            {
                world.Run(command, now);
            }
            catch (LedgerRefusal)
            {
                Assert.Equal(accountsBefore, world.Accounts);
                Assert.Equal(needsBefore, world.Needs);
                Assert.Equal(postingsBefore, world.Postings.Count);
            }

            Check(world, issued, step);
        }
    }

    private static NeedCommand CommandOf(NeedStep step, NeedWorld world, DateTimeOffset now, ref DateTimeOffset clock)
    {
        var needId = new Guid($"00000000-0000-0000-0000-0000000ee{step.Need:D3}");
        var actor = Actors[step.Who];
        var need = world.Needs.GetValueOrDefault(needId);
        switch (step.Kind)
        {
            case NeedStepKind.Post:
                var resident = Members[step.Who % Members.Length];
                var community = step.Need % 2 == 0 ? Riverside : Hillside;
                return new PostNeed(needId, resident, community, "Help", "Here", now.AddHours(1 + step.Need), step.Size, ["care"], actor);
            case NeedStepKind.Accept:
                return new AcceptNeed(needId, actor);
            case NeedStepKind.Confirm:
                return new ConfirmNeed(needId, step.Off || need is null ? actor : ResidentSide(need, step.Who));
            case NeedStepKind.Cancel:
                return new CancelNeed(needId, step.Off || need is null ? actor : ResidentSide(need, step.Who));
            case NeedStepKind.Dispute:
                return new DisputeNeed(needId, step.Off ? " " : "Not as agreed", step.Off || need is null ? actor : ResidentSide(need, step.Who));
            case NeedStepKind.Decide:
                var staff = need is null || step.Off ? actor : need.CommunityId == Riverside ? RiversideStaff : HillsideStaff;
                var toVolunteer = need is null ? step.Size : Math.Clamp(step.Size, 0, need.Minutes);
                var toResident = need is null ? 0 : need.Minutes - toVolunteer + (step.Off ? 1 : 0);
                return new DecideNeedDispute(needId, toVolunteer, toResident, "Decided", staff);
            default:
                // Expiry comes at its time (the scheduled message), or now and then early.
                if (need is not null && !step.Off && clock < need.ExpiresAt)
                {
                    clock = need.ExpiresAt;
                }

                return new ExpireNeed(needId);
        }
    }

    /// <summary>The resident, staff for them, or the volunteer: mostly someone who may.</summary>
    private static Actor ResidentSide(Need need, int who) => (who % 3) switch
    {
        0 => Actor.Volunteer(need.ResidentId),
        1 => need.CommunityId == Riverside ? RiversideStaff : HillsideStaff,
        _ => need.VolunteerId is { } v ? Actor.Volunteer(v) : Actor.Volunteer(need.ResidentId),
    };

    private static void Check(NeedWorld world, long issued, NeedStep step)
    {
        var balance = world.TrialBalance();
        foreach (var unit in Enum.GetValues<LedgerUnit>())
        {
            Assert.Equal(0, balance.Where(b => b.Key.Unit == unit).Sum(b => b.Value));
        }

        long Of(AccountId account) => balance.GetValueOrDefault((account, LedgerUnit.TimeCredits));

        foreach (var account in world.Accounts.Values)
        {
            Assert.True(account.AvailableTimeCredits >= 0 && account.TimeCredits >= 0, $"{account.Id} overdrawn after {step}.");
            Assert.Equal(account.TimeCredits - account.TimeCreditDebt, Of(AccountId.Volunteer(account.Id)));
        }

        var events = world.Events;
        foreach (var need in world.Needs.Values)
        {
            var settlements = events.OfType<INeedAccountEvent>().Count(e => e.NeedId == need.Id && e is EscrowPaid or EscrowReleased);
            var received = events.OfType<NeedPaymentReceived>().Where(e => e.NeedId == need.Id).ToList();
            var resident = world.Accounts[need.ResidentId];
            if (need.HoldsEscrow)
            {
                Assert.Equal(0, settlements);
                Assert.Equal(need.Minutes, Of(AccountId.Escrow(need.Id)));
                Assert.Equal(need.Minutes, resident.Escrows[need.Id]);
                Assert.Empty(received);
            }
            else
            {
                Assert.True(settlements == 1, $"Need {need.Id} ({need.Status}) settled {settlements} times after {step}.");
                Assert.Equal(0, Of(AccountId.Escrow(need.Id)));
                Assert.False(resident.Escrows.ContainsKey(need.Id));
                Assert.Equal(need.Minutes, need.Paid + need.Released);
                Assert.Equal(need.Paid, received.Sum(r => r.Minutes));
                Assert.True(received.Count <= 1);
            }

            Assert.Equal(0, Of(AccountId.Transit(Need.TransferOf(need.Id))));
        }

        var held = balance.Where(b => b.Key.Unit == LedgerUnit.TimeCredits && !b.Key.Account.Value.EndsWith("/issuance", StringComparison.Ordinal)).Sum(b => b.Value);
        Assert.Equal(issued, held);
    }
}
