using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Needs;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Tests.Needs;

/// <summary>
/// The needs of a small city in memory, on the deciders alone: accounts and needs as streams folded with their own
/// <c>Evolve</c>, each decision's events appended together (as the host does in one transaction), every posting kept.
/// </summary>
public sealed class NeedWorld(LedgerPolicy? policy = null)
{
    private readonly Dictionary<Guid, VolunteerAccount> accounts = [];
    private readonly Dictionary<Guid, Need> needs = [];
    private readonly Dictionary<Guid, Community> communities = [];
    private readonly List<Posting> postings = [];
    private readonly List<object> events = [];

    public LedgerPolicy Policy { get; } = policy ?? LedgerPolicy.Default;

    public IReadOnlyDictionary<Guid, VolunteerAccount> Accounts => accounts;

    public IReadOnlyDictionary<Guid, Need> Needs => needs;

    public IReadOnlyList<Posting> Postings => postings;

    public IReadOnlyList<object> Events => events;

    public NeedWorld Community(Guid communityId, params Guid[] staff)
    {
        var community = Ledger.Communities.Community.FromRegistration(new CommunityRegistered(communityId, "C", "S", "D", Guid.Empty, DateTimeOffset.UnixEpoch));
        communities[communityId] = staff.Aggregate(community, (c, s) => c.WithStaff(new StaffAssigned(communityId, s, Guid.Empty, DateTimeOffset.UnixEpoch)));
        return this;
    }

    /// <summary>A member of <paramref name="home"/> with <paramref name="credits"/> time credits earned by verified service.</summary>
    public NeedWorld Member(Guid memberId, Guid home, long credits, DateTimeOffset at)
    {
        var account = VolunteerAccount.Open(new VolunteerRegistered(memberId, home, $"V{accounts.Count + 1:D4}", Guid.Empty, at));
        var left = credits;
        var n = 0;
        while (left > 0)
        {
            var minutes = Math.Min(left, Policy.MaxRecordLength.Value);
            var credit = new CreditService(memberId, NameBasedId.From("record", memberId, n++), home, minutes, "care", 100, true);
            foreach (var e in VolunteerAccountDecider.Decide(credit, account, Policy, at))
            {
                account = VolunteerAccount.Evolve(account, e)!;
                postings.AddRange((e as ILedgerTransaction)?.Postings ?? []);
            }

            left -= minutes;
        }

        accounts[memberId] = account;
        return this;
    }

    /// <summary>Decides <paramref name="command"/> on the states it concerns and appends what it decided.</summary>
    public NeedDecision Run(NeedCommand command, DateTimeOffset now)
    {
        var need = needs.GetValueOrDefault(command.NeedId);
        var (residentId, volunteerId) = NeedDecider.AccountsConcerned(command, need);
        var community = command is PostNeed post ? communities.GetValueOrDefault(post.CommunityId) : null;
        var decision = NeedDecider.Decide(
            command, need, residentId is { } r ? accounts.GetValueOrDefault(r) : null, volunteerId is { } v ? accounts.GetValueOrDefault(v) : null,
            Policy, now, community);
        foreach (var e in decision.Need)
        {
            needs[e.NeedId] = Need.Evolve(needs.GetValueOrDefault(e.NeedId), e)!;
            events.Add(e);
        }

        foreach (var e in decision.Resident.Concat(decision.Volunteer))
        {
            accounts[e.VolunteerId] = VolunteerAccount.Evolve(accounts[e.VolunteerId], e)!;
            postings.AddRange((e as ILedgerTransaction)?.Postings ?? []);
            events.Add(e);
        }

        return decision;
    }

    /// <summary>Runs a command that must be refused with <paramref name="code"/>, and checks that nothing changed.</summary>
    public LedgerRefusal Refuses(NeedCommand command, DateTimeOffset now, string code)
    {
        var before = (accounts.ToDictionary(), needs.ToDictionary(), postings.Count, events.Count);
        var refusal = Assert.Throws<LedgerRefusal>(() => Run(command, now));
        Assert.Equal(code, refusal.Code);
        Assert.Equal(before.Item1, accounts);
        Assert.Equal(before.Item2, needs);
        Assert.Equal(before.Item3, postings.Count);
        Assert.Equal(before.Item4, events.Count);
        return refusal;
    }

    /// <summary>The balance of every account per unit, summed over every posting.</summary>
    public Dictionary<(AccountId Account, LedgerUnit Unit), long> TrialBalance()
    {
        var balance = new Dictionary<(AccountId, LedgerUnit), long>();
        foreach (var p in postings)
        {
            balance[(p.From, p.Unit)] = balance.GetValueOrDefault((p.From, p.Unit)) - p.Amount;
            balance[(p.To, p.Unit)] = balance.GetValueOrDefault((p.To, p.Unit)) + p.Amount;
        }

        return balance;
    }

    public long Balance(AccountId account, LedgerUnit unit = LedgerUnit.TimeCredits) => TrialBalance().GetValueOrDefault((account, unit));
}
