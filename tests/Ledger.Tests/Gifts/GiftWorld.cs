using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Gifts;
using TimeBank.Ledger.Policies;

namespace TimeBank.Ledger.Tests.Gifts;

/// <summary>
/// The time bank's gifts in memory, as the API runs them: account, relation and pool streams folded with the ledger's
/// Evolve; a gift decided on the giver's account and received on the receiver's in one transaction (all or nothing);
/// a donation and a grant likewise with the pool; a credit's overflow and a revocation's return told to the pool
/// afterwards, as the service's durable message does (<see cref="DeliverPoolMessages"/>).
/// </summary>
public sealed class GiftWorld(LedgerPolicy? policy = null)
{
    public static readonly Actor Registrar = Actor.CityAdmin(Guid.Parse("00000000-0000-0000-0000-0000000ad000"));

    private readonly Dictionary<Guid, List<VolunteerAccountEvent>> accounts = [];
    private readonly Dictionary<Guid, List<RelationEvent>> relations = [];
    private readonly Dictionary<Guid, List<CommunityPoolEvent>> pools = [];
    private readonly Queue<CommunityPoolCommand> poolMessages = new();
    private readonly HashSet<Guid> communities = [];

    public LedgerPolicy Policy { get; } = policy ?? LedgerPolicy.Default;

    public List<Posting> Postings { get; } = [];

    public int EventCount => accounts.Values.Sum(s => s.Count) + relations.Values.Sum(s => s.Count) + pools.Values.Sum(s => s.Count);

    public IEnumerable<Guid> Communities => communities;

    public IEnumerable<Guid> Members => accounts.Keys;

    public void AddCommunity(Guid communityId) => communities.Add(communityId);

    public VolunteerAccount? Account(Guid id) => accounts.TryGetValue(id, out var s) ? s.Aggregate((VolunteerAccount?)null, VolunteerAccount.Evolve) : null;

    public IReadOnlyList<VolunteerAccountEvent> AccountStream(Guid id) => accounts.TryGetValue(id, out var s) ? s : [];

    public Relation? Relation(Guid id) => relations.TryGetValue(id, out var s) ? s.Aggregate((Relation?)null, Ledger.Gifts.Relation.Evolve) : null;

    public CommunityPool? Pool(Guid communityId) =>
        pools.TryGetValue(communityId, out var s) ? s.Aggregate((CommunityPool?)null, CommunityPool.Evolve) : null;

    public IReadOnlyList<CommunityPoolEvent> PoolStream(Guid communityId) => pools.TryGetValue(communityId, out var s) ? s : [];

    /// <summary>
    /// Runs a command and appends what it decided, all or nothing: the events, or the refusal (nothing appended).
    /// </summary>
    public (IReadOnlyList<object> Events, LedgerRefusal? Refusal) Run(object command, DateTimeOffset now)
    {
        var pending = new List<(object Stream, object Event)>();
        try
        {
            Decide(command, now, pending);
        }
        catch (LedgerRefusal refusal)
        {
            return ([], refusal);
        }

        foreach (var (stream, @event) in pending)
        {
            Append(stream, @event);
        }

        return ([.. pending.Select(p => p.Event)], null);
    }

    /// <summary>Delivers the messages the service sent to pools (overflow, returns), each once or, to test idempotency, twice.</summary>
    public void DeliverPoolMessages(DateTimeOffset now, bool twice = false)
    {
        while (poolMessages.TryDequeue(out var message))
        {
            for (var i = 0; i < (twice ? 2 : 1); i++)
            {
                foreach (var @event in CommunityPoolDecider.Decide(message, Pool(message.CommunityId), Policy, now))
                {
                    Append(message.CommunityId, @event);
                }
            }
        }
    }

    private void Decide(object command, DateTimeOffset now, List<(object, object)> pending)
    {
        switch (command)
        {
            case RegisterVolunteer register:
                Add(pending, VolunteerAccountDecider.Decide(register, Account(register.VolunteerId), Policy, now));
                break;
            case CreditService credit:
                var credited = VolunteerAccountDecider.Decide(credit, Account(credit.VolunteerId), Policy, now);
                Add(pending, credited);
                foreach (var c in credited.OfType<ServiceCredited>().Where(c => c.TimeCreditsToPool > 0))
                {
                    poolMessages.Enqueue(new ReceivePoolOverflow(c.CommunityId, c.RecordId, c.VolunteerId, c.TimeCreditsToPool));
                }

                break;
            case RevokeServiceCredit revoke:
                var revoked = VolunteerAccountDecider.Decide(revoke, Account(revoke.VolunteerId), Policy, now);
                Add(pending, revoked);
                foreach (var r in revoked.OfType<ServiceCreditRevoked>().Where(r => r.TimeCreditsFromPool > 0))
                {
                    poolMessages.Enqueue(new ReturnPoolOverflow(r.CommunityId, r.RecordId, r.VolunteerId, r.TimeCreditsFromPool));
                }

                break;
            case RelationCommand relation:
                var (member, relative) = relation is RecordRelation record ? (Account(record.MemberId), Account(record.RelativeId)) : (null, null);
                foreach (var e in RelationDecider.Decide(relation, Relation(relation.RelationId), now, member, relative))
                {
                    pending.Add((e.RelationId, e));
                }

                break;
            case GiveGift give:
                var gift = VolunteerAccountDecider.Give(
                    give, Account(give.VolunteerId), Relation(Ledger.Gifts.Relation.IdOf(give.VolunteerId, give.ReceiverId)), Account(give.ReceiverId), Policy, now);
                Add(pending, gift);
                foreach (var given in gift.OfType<GiftGiven>())
                {
                    Add(pending, VolunteerAccountDecider.Receive(VolunteerAccountDecider.ReceivingOf(given), Account(given.ReceiverId), now));
                }

                break;
            case DonateTimeCredits donate:
                var donated = VolunteerAccountDecider.Donate(donate, Account(donate.VolunteerId), communities.Contains(donate.CommunityId), now);
                Add(pending, donated);
                foreach (var d in donated.OfType<TimeCreditsDonated>())
                {
                    foreach (var e in CommunityPoolDecider.Decide(new ReceiveDonation(d.CommunityId, d.TransferId, d.VolunteerId, d.TimeCredits), Pool(d.CommunityId), Policy, now))
                    {
                        pending.Add((d.CommunityId, e));
                    }
                }

                break;
            case GrantFromPool grant:
                var granted = CommunityPoolDecider.Decide(grant, Pool(grant.CommunityId), Policy, now, Account(grant.ResidentId));
                foreach (var g in granted)
                {
                    pending.Add((grant.CommunityId, g));
                }

                foreach (var g in granted.OfType<PoolGranted>())
                {
                    Add(pending, VolunteerAccountDecider.Receive(CommunityPoolDecider.ReceivingOf(g), Account(g.ResidentId), now));
                }

                break;
            default:
                throw new ArgumentException($"No rule for {command.GetType().Name}.", nameof(command));
        }
    }

    private static void Add(List<(object, object)> pending, IEnumerable<VolunteerAccountEvent> events) =>
        pending.AddRange(events.Select(e => ((object)e.VolunteerId, (object)e)));

    private void Append(object stream, object @event)
    {
        switch (@event)
        {
            case VolunteerAccountEvent a:
                StreamOf(accounts, a.VolunteerId).Add(a);
                break;
            case RelationEvent r:
                StreamOf(relations, r.RelationId).Add(r);
                break;
            case CommunityPoolEvent p:
                StreamOf(pools, (Guid)stream).Add(p);
                break;
            default:
                throw new ArgumentException("Not an event of the gifts' streams.", nameof(@event));
        }

        if (@event is ILedgerTransaction transaction)
        {
            Postings.AddRange(transaction.Postings);
        }
    }

    private static List<T> StreamOf<T>(Dictionary<Guid, List<T>> streams, Guid id)
    {
        if (!streams.TryGetValue(id, out var stream))
        {
            stream = [];
            streams[id] = stream;
        }

        return stream;
    }

    /// <summary>One account's balance in one unit, from the postings alone.</summary>
    public long BalanceOf(AccountId account, Units.LedgerUnit unit) =>
        Postings.Where(p => p.Unit == unit && p.To == account).Sum(p => p.Amount) - Postings.Where(p => p.Unit == unit && p.From == account).Sum(p => p.Amount);
}
