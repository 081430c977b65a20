using System.Collections.Immutable;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Tests.Model;

/// <summary>What a command came to: the events it appended, or the code of the rule that refused it.</summary>
public abstract record Outcome;

/// <param name="Events">Every event appended, in order: record, merchant and account events of one command.</param>
public sealed record Accepted(IReadOnlyList<object> Events) : Outcome;

public sealed record Refused(string Code, string Message) : Outcome;

/// <summary>
/// A pure in-memory model of the whole ledger, built on the deciders of src/Ledger and nothing else: event streams
/// per record, per account and per merchant, command routing, the idempotency table, and the steps that follow a decision
/// (a verified record is credited to the volunteer's account and then marked credited; a revoked record's credit
/// is compensated; a hold or completion is decided with the merchant's state). A decision loads its state by folding Evolve over the stream; the live states that queries read
/// are kept up to date event by event, as inline projections would be. It is the ledger under test, not a reference: the
/// properties compare it to the <see cref="Auditor"/>.
/// </summary>
/// <remarks>Not thread-safe: one command at a time, as the deciders see the world.</remarks>
public sealed class LedgerModel(LedgerPolicy? policy = null)
{
    private static readonly Actor Registrar = Actor.CityAdmin(Guid.Parse("00000000-0000-0000-0000-0000000ad000"));

    private readonly Dictionary<Guid, Community> communities = [];
    private readonly Dictionary<Guid, Project> projects = [];
    private readonly Dictionary<Guid, List<ServiceRecordEvent>> recordStreams = [];
    private readonly Dictionary<Guid, List<VolunteerAccountEvent>> accountStreams = [];
    private readonly Dictionary<Guid, ServiceRecord> records = [];
    private readonly Dictionary<Guid, VolunteerAccount> accounts = [];
    private readonly Dictionary<Guid, Hold> holds = [];
    private readonly Dictionary<Guid, List<MerchantEvent>> merchantStreams = [];
    private readonly Dictionary<Guid, Merchant> merchants = [];
    private readonly Dictionary<Guid, Outcome> outcomes = [];
    private readonly List<Posting> postings = [];

    public LedgerPolicy Policy { get; } = policy ?? LedgerPolicy.Default;

    public IReadOnlyDictionary<Guid, Community> Communities => communities;

    public IReadOnlyDictionary<Guid, Project> Projects => projects;

    /// <summary>Live state of every service record.</summary>
    public IReadOnlyDictionary<Guid, ServiceRecord> Records => records;

    /// <summary>Live state of every volunteer account.</summary>
    public IReadOnlyDictionary<Guid, VolunteerAccount> Accounts => accounts;

    /// <summary>Live state of every hold, open or ended (the account keeps open ones only).</summary>
    public IReadOnlyDictionary<Guid, Hold> Holds => holds;

    /// <summary>Live state of every merchant.</summary>
    public IReadOnlyDictionary<Guid, Merchant> Merchants => merchants;

    /// <summary>Every posting of every account event, in the order appended.</summary>
    public IReadOnlyList<Posting> AllPostings => postings;

    /// <summary>Events appended to record, account and merchant streams so far.</summary>
    public int EventCount { get; private set; }

    /// <summary>Commands whose outcome is stored (accepted or refused).</summary>
    public int CommandCount => outcomes.Count;

    // Setup: the city the ledger works in. Communities and projects are reference data here, not streams.

    public Community RegisterCommunity(Guid communityId, string name, params Guid[] staff)
    {
        var community = Community.FromRegistration(new CommunityRegistered(communityId, name, "Street", "District", Registrar.PersonId, DateTimeOffset.UnixEpoch));
        community = (staff ?? []).Aggregate(community, (c, staffId) =>
            c.WithStaff(new StaffAssigned(communityId, staffId, Registrar.PersonId, DateTimeOffset.UnixEpoch)));
        communities[communityId] = community;
        return community;
    }

    public Project PublishProject(
        Guid projectId, Guid communityId, string name, string category, int pointsCoefficientPercent, bool earnsTimeCredits, string place = "Station")
    {
        if (!communities.ContainsKey(communityId))
        {
            throw new ArgumentException($"Community {communityId} is not registered in the model.", nameof(communityId));
        }

        var project = new Project(projectId, communityId, name, category, pointsCoefficientPercent, earnsTimeCredits, place);
        projects[projectId] = project;
        return project;
    }

    /// <summary>Registers a volunteer through the account decider, as a city admin, under a fresh command id.</summary>
    public Outcome RegisterVolunteer(Guid volunteerId, Guid homeCommunityId, string volunteerNumber, DateTimeOffset now) =>
        Execute(Guid.NewGuid(), new RegisterVolunteer(volunteerId, homeCommunityId, volunteerNumber, Registrar), now);

    /// <summary>Registers and approves a merchant through the merchant decider, as a city admin, under fresh command ids.</summary>
    public Outcome RegisterMerchant(Guid merchantId, Guid communityId, string name, bool approved, DateTimeOffset now)
    {
        var registered = Execute(Guid.NewGuid(), new RegisterMerchant(merchantId, communityId, name, Registrar), now);
        return approved ? Execute(Guid.NewGuid(), new ApproveMerchant(merchantId, Registrar), now) : registered;
    }

    /// <summary>The actor of a staff member, acting in every community they are assigned to.</summary>
    public Actor StaffActor(Guid staffId) =>
        Actor.Staff(staffId, [.. communities.Values.Where(c => c.Staff.Contains(staffId)).Select(c => c.Id)]);

    // Commands

    /// <summary>
    /// Decides <paramref name="command"/> (a <see cref="ServiceRecordCommand"/>, <see cref="VolunteerAccountCommand"/> or
    /// <see cref="MerchantCommand"/>)
    /// and appends its events. A command id seen before returns the first outcome and appends nothing. A refusal
    /// appends nothing; a command that leads to several decisions (verify → credit → mark credited) appends all or none.
    /// </summary>
    public Outcome Execute(Guid commandId, object command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (outcomes.TryGetValue(commandId, out var first))
        {
            return first;
        }

        Outcome outcome;
        try
        {
            var (recordEvents, accountEvents, merchantEvents) = Decide(command, now);
            Append(recordEvents, accountEvents, merchantEvents);
            outcome = new Accepted([.. recordEvents, .. merchantEvents, .. accountEvents]);
        }
        catch (LedgerRefusal refusal)
        {
            outcome = new Refused(refusal.Code, refusal.Message);
        }

        outcomes[commandId] = outcome;
        return outcome;
    }

    public VolunteerAccount? AccountState(Guid volunteerId) => accounts.GetValueOrDefault(volunteerId);

    public ServiceRecord? RecordState(Guid recordId) => records.GetValueOrDefault(recordId);

    public Hold? HoldState(Guid holdId) => holds.GetValueOrDefault(holdId);

    public Merchant? MerchantState(Guid merchantId) => merchants.GetValueOrDefault(merchantId);

    public IReadOnlyList<MerchantEvent> MerchantStream(Guid merchantId) =>
        merchantStreams.TryGetValue(merchantId, out var stream) ? stream : [];

    public IReadOnlyList<ServiceRecordEvent> RecordStream(Guid recordId) =>
        recordStreams.TryGetValue(recordId, out var stream) ? stream : [];

    public IReadOnlyList<VolunteerAccountEvent> AccountStream(Guid volunteerId) =>
        accountStreams.TryGetValue(volunteerId, out var stream) ? stream : [];

    /// <summary>Per account and unit, what postings brought in minus what they took out.</summary>
    public IReadOnlyDictionary<(AccountId Account, LedgerUnit Unit), long> TrialBalance()
    {
        var balance = new Dictionary<(AccountId Account, LedgerUnit Unit), long>();
        foreach (var posting in postings)
        {
            balance[(posting.To, posting.Unit)] = checked(balance.GetValueOrDefault((posting.To, posting.Unit)) + posting.Amount);
            balance[(posting.From, posting.Unit)] = checked(balance.GetValueOrDefault((posting.From, posting.Unit)) - posting.Amount);
        }

        return balance;
    }

    /// <summary>One account's balance in one unit, from the postings alone.</summary>
    public long BalanceOf(AccountId account, LedgerUnit unit) =>
        postings.Where(p => p.Unit == unit && p.To == account).Sum(p => p.Amount)
        - postings.Where(p => p.Unit == unit && p.From == account).Sum(p => p.Amount);

    /// <summary>A record as a decision sees it: Evolve folded over its stream.</summary>
    private ServiceRecord? LoadRecord(Guid recordId) => Fold<ServiceRecordEvent, ServiceRecord>(RecordStream(recordId), ServiceRecord.Evolve);

    /// <summary>An account as a decision sees it: Evolve folded over its stream.</summary>
    private VolunteerAccount? LoadAccount(Guid volunteerId) =>
        Fold<VolunteerAccountEvent, VolunteerAccount>(AccountStream(volunteerId), VolunteerAccount.Evolve);

    /// <summary>A hold as a decision sees it: its Evolve folded over its account's events about it.</summary>
    private Hold? LoadHold(Guid holdId) => Hold.Fold(holdId, accountStreams.Values.SelectMany(s => s));

    /// <summary>A merchant as a decision sees it: Evolve folded over its stream.</summary>
    private Merchant? LoadMerchant(Guid merchantId) => Fold<MerchantEvent, Merchant>(MerchantStream(merchantId), Merchant.Evolve);

    private (ServiceRecordEvent[] Records, VolunteerAccountEvent[] Accounts, MerchantEvent[] Merchants) Decide(object command, DateTimeOffset now) => command switch
    {
        SubmitServiceRecord submit => (
            ServiceRecordDecider.Decide(submit, LoadRecord(submit.RecordId), now, ContextFor(submit.ProjectId, submit.VolunteerId)), [], []),
        AmendServiceRecord amend => (
            ServiceRecordDecider.Decide(amend, LoadRecord(amend.RecordId), now, ContextFor(LoadRecord(amend.RecordId))), [], []),
        VerifyServiceRecord verify => VerifyAndCredit(verify, now),
        RevokeServiceRecord revoke => RevokeAndCompensate(revoke, now),
        ServiceRecordCommand other => (ServiceRecordDecider.Decide(other, LoadRecord(other.RecordId), now), [], []),
        VolunteerAccountCommand account => ([], DecideOnAccount(account, now), []),
        MerchantCommand merchant => ([], [], MerchantDecider.Decide(merchant, LoadMerchant(merchant.MerchantId), now)),
        _ => throw new ArgumentException($"The ledger has no rule for {command.GetType().Name}.", nameof(command)),
    };

    /// <summary>An account decision, with the hold and the merchant it concerns loaded as the API would.</summary>
    private VolunteerAccountEvent[] DecideOnAccount(VolunteerAccountCommand command, DateTimeOffset now)
    {
        var account = LoadAccount(command.VolunteerId);
        var hold = VolunteerAccountDecider.HoldConcerned(command) is { } holdId ? LoadHold(holdId) : null;
        var merchant = VolunteerAccountDecider.MerchantConcerned(command, hold) is { } merchantId ? LoadMerchant(merchantId) : null;
        return VolunteerAccountDecider.Decide(command, account, Policy, now, merchant, hold);
    }

    private (ServiceRecordEvent[], VolunteerAccountEvent[], MerchantEvent[]) VerifyAndCredit(VerifyServiceRecord verify, DateTimeOffset now)
    {
        var record = LoadRecord(verify.RecordId);
        var verified = ServiceRecordDecider.Decide(verify, record, now);
        var afterVerify = verified.Aggregate(record, ServiceRecord.Evolve)!;

        var credit = new CreditService(
            afterVerify.VolunteerId, afterVerify.Id, afterVerify.CommunityId, afterVerify.MinutesServed.Value,
            afterVerify.Category, afterVerify.PointsCoefficientPercent, afterVerify.EarnsTimeCredits);
        var credited = VolunteerAccountDecider.Decide(credit, LoadAccount(afterVerify.VolunteerId), Policy, now);
        var marked = ServiceRecordDecider.Decide(new MarkServiceRecordCredited(afterVerify.Id), afterVerify, now);

        return ([.. verified, .. marked], credited, []);
    }

    private (ServiceRecordEvent[], VolunteerAccountEvent[], MerchantEvent[]) RevokeAndCompensate(RevokeServiceRecord revoke, DateTimeOffset now)
    {
        var record = LoadRecord(revoke.RecordId);
        var revoked = ServiceRecordDecider.Decide(revoke, record, now);
        var compensation = VolunteerAccountDecider.Decide(
            new RevokeServiceCredit(record!.VolunteerId, record.Id, revoke.Reason.Trim(), revoke.Actor.PersonId),
            LoadAccount(record.VolunteerId), Policy, now);
        return (revoked, compensation, []);
    }

    /// <summary>What a submission is checked against: the project, the volunteer's account, their records that still count.</summary>
    private RecordContext ContextFor(Guid projectId, Guid volunteerId) =>
        new(projects.GetValueOrDefault(projectId), accounts.ContainsKey(volunteerId), ScheduleOf(volunteerId), Policy);

    private RecordContext ContextFor(ServiceRecord? record) =>
        record is null ? RecordContext.None : ContextFor(record.ProjectId, record.VolunteerId);

    private ImmutableArray<ServiceInterval> ScheduleOf(Guid volunteerId) =>
        [.. records.Values
            .Where(r => r.VolunteerId == volunteerId && r.Status is not (RecordStatus.Rejected or RecordStatus.Revoked))
            .Select(r => r.Interval)];

    private void Append(
        IEnumerable<ServiceRecordEvent> recordEvents, IEnumerable<VolunteerAccountEvent> accountEvents, IEnumerable<MerchantEvent> merchantEvents)
    {
        foreach (var @event in merchantEvents)
        {
            StreamOf(merchantStreams, @event.MerchantId).Add(@event);
            merchants[@event.MerchantId] = Merchant.Evolve(MerchantState(@event.MerchantId), @event)!;
            EventCount++;
        }

        foreach (var @event in recordEvents)
        {
            StreamOf(recordStreams, @event.RecordId).Add(@event);
            records[@event.RecordId] = ServiceRecord.Evolve(RecordState(@event.RecordId), @event)!;
            EventCount++;
        }

        foreach (var @event in accountEvents)
        {
            StreamOf(accountStreams, @event.VolunteerId).Add(@event);
            accounts[@event.VolunteerId] = VolunteerAccount.Evolve(AccountState(@event.VolunteerId), @event)!;
            if (Hold.IdOf(@event) is { } holdId)
            {
                holds[holdId] = Hold.Evolve(HoldState(holdId), @event)!;
            }

            if (@event is ILedgerTransaction transaction)
            {
                postings.AddRange(transaction.Postings);
            }

            EventCount++;
        }
    }

    private static List<TEvent> StreamOf<TEvent>(Dictionary<Guid, List<TEvent>> streams, Guid id)
    {
        if (!streams.TryGetValue(id, out var stream))
        {
            stream = [];
            streams[id] = stream;
        }

        return stream;
    }

    private static TState? Fold<TEvent, TState>(IEnumerable<TEvent> events, Func<TState?, TEvent, TState?> evolve)
        where TState : class =>
        events.Aggregate(default(TState), evolve);
}
