using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Tests.Model;

/// <summary>The numbers of a tenant's policy, as plain values: the auditor applies them itself.</summary>
public sealed record AuditRules(
    long[] StarThresholdMinutes,
    int DefaultPointsPerHour,
    IReadOnlyDictionary<string, int> PointsPerHourByCategory,
    int PointsExpiryMonths,
    long TimeCreditCapMinutes,
    long MaxRecordMinutes,
    int CodeDigits,
    TimeSpan CodeLifetime,
    int MaxLiveCodes,
    TimeSpan HoldLifetime,
    TimeSpan RefundWindow)
{
    /// <summary>Copies the numbers only; none of the policy's own arithmetic is used.</summary>
    public static AuditRules Of(LedgerPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new(
            [.. policy.StarThresholds.Select(t => t.Value)], policy.DefaultPointsPerHour, policy.PointsPerHourByCategory,
            policy.PointsExpiryMonths, policy.TimeCreditCap.Value, policy.MaxRecordLength.Value, policy.RedemptionCodeDigits,
            policy.RedemptionCodeLifetime, policy.MaxLiveRedemptionCodes, policy.HoldLifetime, policy.RefundWindow);
    }
}

/// <summary>What the auditor predicts a command comes to: a change, nothing to do (accepted, no event), or a refusal code.</summary>
public sealed record Verdict(string Kind, string? Code = null)
{
    public static readonly Verdict Changed = new("accepted");
    public static readonly Verdict NothingToDo = new("accepted, nothing to do");

    public static Verdict Refused(string code) => new("refused", code);

    public override string ToString() => Code is null ? Kind : $"{Kind} {Code}";
}

/// <summary>
/// An independent reference model of the ledger, the way an auditor recomputes the books (TigerBeetle's auditor is the
/// pattern): plain balances per account and unit, points lots, holds, stars and records, with the product's rules
/// (PRODUCT.md) written again in the simplest way. It uses none of the deciders, Evolve, LedgerPolicy's arithmetic or
/// Posting: only the commands (the input) and the plain values of the policy.
/// </summary>
public sealed class Auditor(AuditRules rules)
{
    public sealed class RecordBook
    {
        public required Guid Id { get; init; }
        public required Guid Volunteer { get; init; }
        public required Guid Community { get; init; }
        public required string Category { get; init; }
        public required int CoefficientPercent { get; init; }
        public required bool EarnsTimeCredits { get; init; }
        public DateTimeOffset Start { get; set; }
        public DateTimeOffset End { get; set; }
        public long Minutes { get; set; }
        public string Status { get; set; } = "Submitted";
        public bool Contested { get; set; }
    }

    public sealed class Lot
    {
        public required Guid Id { get; init; }
        public required Guid Community { get; init; }
        public required long Earned { get; init; }
        public required DateTimeOffset EarnedAt { get; init; }
        public required DateTimeOffset ExpiresAt { get; init; }
        public long Remaining { get; set; }
        public long Held { get; set; }
        public long Expired { get; set; }
    }

    public sealed record Credit(Guid Record, Guid Community, long Minutes, long TimeCredits, long ToPool, long Points)
    {
        public bool Revoked { get; set; }
    }

    public sealed class Code
    {
        public required string Value { get; init; }
        public required DateTimeOffset ExpiresAt { get; init; }
        public bool Used { get; set; }
    }

    public sealed class VolunteerBook
    {
        public required Guid Id { get; init; }
        public required Guid Home { get; init; }
        public long ServiceMinutes { get; set; }
        public long TimeCredits { get; set; }
        public long TimeCreditDebt { get; set; }
        public long PointsDebt { get; set; }
        public int Stars { get; set; }
        public List<Lot> Lots { get; } = [];
        public Dictionary<Guid, Credit> Credits { get; } = [];
        public List<Code> Codes { get; } = [];

        public long Available => Lots.Sum(l => l.Remaining);

        public long Held => Lots.Sum(l => l.Held);
    }

    public sealed class HoldBook
    {
        public required Guid Id { get; init; }
        public required Guid Volunteer { get; init; }
        public required Guid Merchant { get; init; }
        public required long Amount { get; init; }
        public required Guid TillRequest { get; init; }
        public required DateTimeOffset ExpiresAt { get; init; }

        /// <summary>The lots the points were taken from, soonest expiry first.</summary>
        public required List<(Guid Lot, long Points)> Taken { get; init; }

        public string Status { get; set; } = "Held";
        public DateTimeOffset? CompletedAt { get; set; }
        public long Refunded { get; set; }
        public HashSet<Guid> RefundRequests { get; } = [];
    }

    private sealed record ProjectBook(Guid Community, string Category, int CoefficientPercent, bool EarnsTimeCredits);

    private readonly Dictionary<Guid, ProjectBook> projects = [];
    private readonly Dictionary<Guid, Verdict> seen = [];

    public Dictionary<Guid, RecordBook> Records { get; } = [];
    public Dictionary<Guid, VolunteerBook> Volunteers { get; } = [];
    public Dictionary<Guid, HoldBook> Holds { get; } = [];

    /// <summary>Merchant id → (community, status: Pending, Approved or Suspended).</summary>
    public Dictionary<Guid, (Guid Community, string Status)> Merchants { get; } = [];

    /// <summary>Every account's balance per unit, by the ledger's account names ("volunteer/…", "community/…/issuance", …).</summary>
    public Dictionary<(string Account, LedgerUnit Unit), long> Balances { get; } = [];

    /// <summary>Each star level crossed, in order: (volunteer, level, awarded or withdrawn).</summary>
    public List<(Guid Volunteer, int Level, bool Awarded)> StarChanges { get; } = [];

    public AuditRules Rules => rules;

    public void PublishProject(Guid id, Guid community, string category, int coefficientPercent, bool earnsTimeCredits) =>
        projects[id] = new(community, category, coefficientPercent, earnsTimeCredits);

    public void RegisterVolunteer(Guid id, Guid home) => Volunteers[id] = new VolunteerBook { Id = id, Home = home };

    public void RegisterMerchant(Guid id, Guid community, bool approved) => Merchants[id] = (community, approved ? "Approved" : "Pending");

    public long Balance(string account, LedgerUnit unit) => Balances.GetValueOrDefault((account, unit));

    public static string VolunteerAccount(Guid id) => $"volunteer/{id}";
    public static string IssuanceAccount(Guid community) => $"community/{community}/issuance";
    public static string PoolAccount(Guid community) => $"community/{community}/pool";
    public static string ExpiryAccount(Guid community) => $"community/{community}/expiry";
    public static string MerchantAccount(Guid id) => $"merchant/{id}";

    /// <summary>Applies one command; a command id seen before gets its first verdict and changes nothing.</summary>
    public Verdict Execute(Guid commandId, object command, DateTimeOffset now)
    {
        if (seen.TryGetValue(commandId, out var first))
        {
            return first;
        }

        var verdict = command switch
        {
            SubmitServiceRecord c => Submit(c, now),
            VerifyServiceRecord c => Verify(c, now),
            RejectServiceRecord c => Reject(c),
            RevokeServiceRecord c => RevokeRecord(c),
            ContestServiceRecord c => Contest(c),
            AmendServiceRecord c => Amend(c, now),
            RevokeServiceCredit c => RevokeCreditOnly(c),
            ExpirePoints c => ExpirePoints(c, now),
            IssueRedemptionCode c => Issue(c, now),
            HoldPoints c => Hold(c, now),
            CompleteHold c => Complete(c, now),
            VoidHold c => Release(c.VolunteerId, c.HoldId, c.Actor, "Voided", now),
            ExpireHold c => Release(c.VolunteerId, c.HoldId, null, "Expired", now),
            RefundPoints c => Refund(c, now),
            RegisterMerchant c => RegisterMerchant(c),
            ApproveMerchant c => ChangeMerchant(c.MerchantId, c.Actor, "Pending", "Approved", reason: "-"),
            SuspendMerchant c => ChangeMerchant(c.MerchantId, c.Actor, "Approved", "Suspended", c.Reason),
            ReinstateMerchant c => ChangeMerchant(c.MerchantId, c.Actor, "Suspended", "Approved", reason: "-"),
            _ => throw new ArgumentException($"The auditor has no rule for {command.GetType().Name}.", nameof(command)),
        };
        seen[commandId] = verdict;
        return verdict;
    }

    // Who may do what (PRODUCT.md "Who may do what").

    private static bool IsStaffOf(Actor actor, Guid community) => actor.Role == ActorRole.Staff && actor.Communities.Contains(community);

    private static bool IsCashierOf(Actor actor, Guid merchant) => actor.Role == ActorRole.Merchant && actor.MerchantId == merchant;

    private static bool Sees(Actor actor, RecordBook record) =>
        actor.Role == ActorRole.CityAdmin || actor.PersonId == record.Volunteer || IsStaffOf(actor, record.Community);

    private static bool Blank(string? text) => string.IsNullOrWhiteSpace(text);

    // Service records.

    private Verdict Submit(SubmitServiceRecord c, DateTimeOffset now)
    {
        if (Records.ContainsKey(c.RecordId))
        {
            return Verdict.Refused(RefusalCodes.AlreadyExists);
        }

        if (!projects.TryGetValue(c.ProjectId, out var project))
        {
            return Verdict.Refused(RefusalCodes.ProjectNotFound);
        }

        if (!IsStaffOf(c.Actor, project.Community))
        {
            return Verdict.Refused(RefusalCodes.NotStaffOfCommunity);
        }

        if (!Volunteers.ContainsKey(c.VolunteerId))
        {
            return Verdict.Refused(RefusalCodes.VolunteerNotFound);
        }

        if (TimesWrong(c.RecordId, c.VolunteerId, c.StartedAt, c.EndedAt, c.MinutesServed, now) is { } wrong)
        {
            return Verdict.Refused(wrong);
        }

        Records[c.RecordId] = new RecordBook
        {
            Id = c.RecordId, Volunteer = c.VolunteerId, Community = project.Community, Category = project.Category,
            CoefficientPercent = project.CoefficientPercent, EarnsTimeCredits = project.EarnsTimeCredits,
            Start = c.StartedAt, End = c.EndedAt, Minutes = c.MinutesServed,
        };
        return Verdict.Changed;
    }

    /// <summary>At most 12 h, not in the future, minutes within the span, no overlap with the volunteer's records that count.</summary>
    private string? TimesWrong(Guid recordId, Guid volunteer, DateTimeOffset start, DateTimeOffset end, long minutes, DateTimeOffset now)
    {
        if (end <= start)
        {
            return RefusalCodes.RecordEndsBeforeStart;
        }

        if (end > now)
        {
            return RefusalCodes.RecordInFuture;
        }

        if ((end - start).TotalMinutes > rules.MaxRecordMinutes)
        {
            return RefusalCodes.RecordTooLong;
        }

        if (minutes < 1 || minutes > (long)Math.Floor((end - start).TotalMinutes))
        {
            return RefusalCodes.RecordMinutesInvalid;
        }

        var overlaps = Records.Values.Any(r => r.Id != recordId && r.Volunteer == volunteer
            && r.Status != "Rejected" && r.Status != "Revoked" && r.Start < end && start < r.End);
        return overlaps ? RefusalCodes.RecordOverlaps : null;
    }

    /// <summary>The record the actor may see, or the refusal: a record one may not see does not exist.</summary>
    private (RecordBook? Record, string? Refusal) Visible(Guid recordId, Actor actor) =>
        Records.TryGetValue(recordId, out var record) && Sees(actor, record) ? (record, null) : (null, RefusalCodes.NotFound);

    private Verdict Verify(VerifyServiceRecord c, DateTimeOffset now)
    {
        var (record, refusal) = Visible(c.RecordId, c.Actor);
        if (record is null)
        {
            return Verdict.Refused(refusal!);
        }

        if (!IsStaffOf(c.Actor, record.Community))
        {
            return Verdict.Refused(RefusalCodes.NotStaffOfCommunity);
        }

        if (c.Actor.PersonId == record.Volunteer)
        {
            return Verdict.Refused(RefusalCodes.OwnRecord);
        }

        if (record.Status != "Submitted")
        {
            return Verdict.Refused(RefusalCodes.InvalidRecordState);
        }

        CreditService(record, now);
        record.Status = "Credited";
        return Verdict.Changed;
    }

    private Verdict Reject(RejectServiceRecord c)
    {
        var (record, refusal) = Visible(c.RecordId, c.Actor);
        if (record is null)
        {
            return Verdict.Refused(refusal!);
        }

        if (!IsStaffOf(c.Actor, record.Community))
        {
            return Verdict.Refused(RefusalCodes.NotStaffOfCommunity);
        }

        if (Blank(c.Reason))
        {
            return Verdict.Refused(RefusalCodes.ReasonRequired);
        }

        if (record.Status != "Submitted")
        {
            return Verdict.Refused(RefusalCodes.InvalidRecordState);
        }

        record.Status = "Rejected";
        return Verdict.Changed;
    }

    private Verdict RevokeRecord(RevokeServiceRecord c)
    {
        var (record, refusal) = Visible(c.RecordId, c.Actor);
        if (record is null)
        {
            return Verdict.Refused(refusal!);
        }

        if (!IsStaffOf(c.Actor, record.Community))
        {
            return Verdict.Refused(RefusalCodes.NotStaffOfCommunity);
        }

        if (Blank(c.Reason))
        {
            return Verdict.Refused(RefusalCodes.ReasonRequired);
        }

        if (record.Status == "Revoked")
        {
            return Verdict.Refused(RefusalCodes.AlreadyRevoked);
        }

        if (record.Status != "Credited")
        {
            return Verdict.Refused(RefusalCodes.InvalidRecordState);
        }

        record.Status = "Revoked";
        RevokeCredit(Volunteers[record.Volunteer], Volunteers[record.Volunteer].Credits[record.Id]);
        return Verdict.Changed;
    }

    private Verdict Contest(ContestServiceRecord c)
    {
        var (record, refusal) = Visible(c.RecordId, c.Actor);
        if (record is null)
        {
            return Verdict.Refused(refusal!);
        }

        if (c.Actor.PersonId != record.Volunteer)
        {
            return Verdict.Refused(RefusalCodes.Forbidden);
        }

        if (Blank(c.Reason))
        {
            return Verdict.Refused(RefusalCodes.ReasonRequired);
        }

        if (record.Status is not ("Submitted" or "Rejected" or "Credited"))
        {
            return Verdict.Refused(RefusalCodes.InvalidRecordState);
        }

        record.Contested = true;
        return Verdict.Changed;
    }

    private Verdict Amend(AmendServiceRecord c, DateTimeOffset now)
    {
        var (record, refusal) = Visible(c.RecordId, c.Actor);
        if (record is null)
        {
            return Verdict.Refused(refusal!);
        }

        if (!IsStaffOf(c.Actor, record.Community))
        {
            return Verdict.Refused(RefusalCodes.NotStaffOfCommunity);
        }

        if (Blank(c.Note))
        {
            return Verdict.Refused(RefusalCodes.ReasonRequired);
        }

        if (!(record.Status == "Submitted" || (record.Status == "Rejected" && record.Contested)))
        {
            return Verdict.Refused(RefusalCodes.InvalidRecordState);
        }

        if (TimesWrong(record.Id, record.Volunteer, c.StartedAt, c.EndedAt, c.MinutesServed, now) is { } wrong)
        {
            return Verdict.Refused(wrong);
        }

        (record.Start, record.End, record.Minutes, record.Status, record.Contested) = (c.StartedAt, c.EndedAt, c.MinutesServed, "Submitted", false);
        return Verdict.Changed;
    }

    // Earning and giving back.

    private void Move(string from, string to, LedgerUnit unit, long amount)
    {
        Balances[(from, unit)] = Balance(from, unit) - amount;
        Balances[(to, unit)] = Balance(to, unit) + amount;
    }

    /// <summary>Points for a record: minutes × points per hour × coefficient (hundredths), rounded down.</summary>
    public long PointsFor(long minutes, string category, int coefficientPercent)
    {
        var perHour = rules.PointsPerHourByCategory.TryGetValue(category, out var rate) ? rate : rules.DefaultPointsPerHour;
        return minutes * perHour * coefficientPercent / 6000;
    }

    /// <summary>1★ … 5★: how many thresholds the cumulative verified service has reached.</summary>
    public int StarsFor(long minutes) => rules.StarThresholdMinutes.Count(threshold => minutes >= threshold);

    /// <summary>Hours, time credits (debt first, then up to the cap, the rest to the community pool) and points (debt first, the rest a lot).</summary>
    private void CreditService(RecordBook record, DateTimeOffset now)
    {
        var v = Volunteers[record.Volunteer];
        var issuance = IssuanceAccount(record.Community);
        var me = VolunteerAccount(v.Id);

        var credits = record.EarnsTimeCredits ? record.Minutes : 0;
        var creditRepaid = Math.Min(v.TimeCreditDebt, credits);
        var kept = Math.Min(credits - creditRepaid, Math.Max(0, rules.TimeCreditCapMinutes - v.TimeCredits));
        var toPool = credits - creditRepaid - kept;
        var points = PointsFor(record.Minutes, record.Category, record.CoefficientPercent);
        var pointsRepaid = Math.Min(v.PointsDebt, points);

        Move(issuance, me, LedgerUnit.ServiceMinutes, record.Minutes);
        Move(issuance, me, LedgerUnit.TimeCredits, creditRepaid + kept);
        Move(issuance, PoolAccount(record.Community), LedgerUnit.TimeCredits, toPool);
        Move(issuance, me, LedgerUnit.Points, points);

        v.TimeCreditDebt -= creditRepaid;
        v.TimeCredits += kept;
        v.PointsDebt -= pointsRepaid;
        if (points - pointsRepaid > 0)
        {
            v.Lots.Add(new Lot
            {
                Id = record.Id, Community = record.Community, Earned = points - pointsRepaid, Remaining = points - pointsRepaid,
                EarnedAt = now, ExpiresAt = now.AddMonths(rules.PointsExpiryMonths),
            });
        }

        v.Credits[record.Id] = new Credit(record.Id, record.Community, record.Minutes, creditRepaid + kept, toPool, points);
        SetStars(v, v.ServiceMinutes + record.Minutes);
        v.ServiceMinutes += record.Minutes;
    }

    private void SetStars(VolunteerBook v, long minutes)
    {
        var level = StarsFor(minutes);
        while (v.Stars < level)
        {
            v.Stars++;
            StarChanges.Add((v.Id, v.Stars, true));
        }

        while (v.Stars > level)
        {
            StarChanges.Add((v.Id, v.Stars, false));
            v.Stars--;
        }
    }

    private Verdict RevokeCreditOnly(RevokeServiceCredit c)
    {
        if (!Volunteers.TryGetValue(c.VolunteerId, out var v))
        {
            return Verdict.Refused(RefusalCodes.VolunteerNotFound);
        }

        if (!v.Credits.TryGetValue(c.RecordId, out var credit))
        {
            return Verdict.Refused(RefusalCodes.NotFound);
        }

        if (credit.Revoked)
        {
            return Verdict.NothingToDo;
        }

        RevokeCredit(v, credit);
        return Verdict.Changed;
    }

    /// <summary>
    /// Everything the credit gave goes back to issuance. Time credits already spent become debt. Points: what expired
    /// comes back from the expiry account; the rest from the record's own lot, then the soonest-expiring others (never what
    /// a hold reserved); what is missing becomes debt.
    /// </summary>
    private void RevokeCredit(VolunteerBook v, Credit credit)
    {
        var issuance = IssuanceAccount(credit.Community);
        var me = VolunteerAccount(v.Id);
        var fromCredits = Math.Min(v.TimeCredits, credit.TimeCredits);
        v.TimeCredits -= fromCredits;
        v.TimeCreditDebt += credit.TimeCredits - fromCredits;

        var ownLot = v.Lots.FirstOrDefault(l => l.Id == credit.Record);
        var fromExpiry = Math.Min(ownLot?.Expired ?? 0, credit.Points);
        var owed = credit.Points - fromExpiry;
        var order = v.Lots.Where(l => l != ownLot).OrderBy(l => l.ExpiresAt).ThenBy(l => l.EarnedAt).ToList();
        if (ownLot is not null)
        {
            order.Insert(0, ownLot);
        }

        foreach (var lot in order)
        {
            var take = Math.Min(lot.Remaining, owed);
            lot.Remaining -= take;
            owed -= take;
        }

        v.PointsDebt += owed;

        Move(me, issuance, LedgerUnit.ServiceMinutes, credit.Minutes);
        Move(me, issuance, LedgerUnit.TimeCredits, credit.TimeCredits);
        Move(PoolAccount(credit.Community), issuance, LedgerUnit.TimeCredits, credit.ToPool);
        Move(me, issuance, LedgerUnit.Points, credit.Points - fromExpiry);
        Move(ExpiryAccount(credit.Community), issuance, LedgerUnit.Points, fromExpiry);
        credit.Revoked = true;
        SetStars(v, v.ServiceMinutes - credit.Minutes);
        v.ServiceMinutes -= credit.Minutes;
    }

    /// <summary>Every due lot's spendable remainder goes to its community's expiry account, soonest first; held points stay.</summary>
    private Verdict ExpirePoints(ExpirePoints c, DateTimeOffset now)
    {
        if (!Volunteers.TryGetValue(c.VolunteerId, out var v))
        {
            return Verdict.Refused(RefusalCodes.VolunteerNotFound);
        }

        var due = v.Lots.Where(l => l.Remaining > 0 && l.ExpiresAt <= now).ToList();
        foreach (var lot in due)
        {
            Move(VolunteerAccount(v.Id), ExpiryAccount(lot.Community), LedgerUnit.Points, lot.Remaining);
            lot.Expired += lot.Remaining;
            lot.Remaining = 0;
        }

        return due.Count > 0 ? Verdict.Changed : Verdict.NothingToDo;
    }

    /// <summary>The order in which a volunteer's lots are spent and expire: soonest expiry first, then oldest.</summary>
    public static IEnumerable<Lot> SoonestFirst(IEnumerable<Lot> lots) => lots.OrderBy(l => l.ExpiresAt).ThenBy(l => l.EarnedAt);

    // Redemption (two-phase, like a card payment).

    private Verdict Issue(IssueRedemptionCode c, DateTimeOffset now)
    {
        if (!Volunteers.TryGetValue(c.VolunteerId, out var v))
        {
            return Verdict.Refused(RefusalCodes.VolunteerNotFound);
        }

        if (c.Actor.Role != ActorRole.Volunteer || c.Actor.PersonId != v.Id)
        {
            return Verdict.Refused(RefusalCodes.Forbidden);
        }

        if (c.Code is null || c.Code.Length != rules.CodeDigits || c.Code.Any(ch => ch is < '0' or > '9'))
        {
            return Verdict.Refused(RefusalCodes.InvalidInput);
        }

        var live = v.Codes.Where(code => !code.Used && now < code.ExpiresAt).ToList();
        if (live.Any(code => code.Value == c.Code))
        {
            return Verdict.Refused(RefusalCodes.AlreadyExists);
        }

        if (live.Count >= rules.MaxLiveCodes)
        {
            return Verdict.Refused(RefusalCodes.TooManyLiveCodes);
        }

        v.Codes.Add(new Code { Value = c.Code, ExpiresAt = now + rules.CodeLifetime });
        return Verdict.Changed;
    }

    private string? MerchantRefusal(Guid merchant) =>
        !Merchants.TryGetValue(merchant, out var m) ? RefusalCodes.NotFound
        : m.Status != "Approved" ? RefusalCodes.MerchantNotApproved
        : null;

    private Verdict Hold(HoldPoints c, DateTimeOffset now)
    {
        if (!Volunteers.TryGetValue(c.VolunteerId, out var v))
        {
            return Verdict.Refused(RefusalCodes.RedemptionCodeInvalid);
        }

        if (!IsCashierOf(c.Actor, c.MerchantId))
        {
            return Verdict.Refused(RefusalCodes.NotCashierOfMerchant);
        }

        if (Holds.TryGetValue(c.HoldId, out var existing))
        {
            return existing.Volunteer == v.Id && existing.Merchant == c.MerchantId && existing.TillRequest == c.TillRequestId
                ? Verdict.NothingToDo
                : Verdict.Refused(RefusalCodes.AlreadyExists);
        }

        if (MerchantRefusal(c.MerchantId) is { } refused)
        {
            return Verdict.Refused(refused);
        }

        if (c.Amount <= 0)
        {
            return Verdict.Refused(RefusalCodes.InvalidAmount);
        }

        var code = v.Codes.LastOrDefault(code => !code.Used && now < code.ExpiresAt && code.Value == c.Code);
        if (code is null)
        {
            return Verdict.Refused(RefusalCodes.RedemptionCodeInvalid);
        }

        if (c.Amount > v.Available)
        {
            return Verdict.Refused(RefusalCodes.InsufficientPoints);
        }

        code.Used = true;
        var taken = new List<(Guid Lot, long Points)>();
        var wanted = c.Amount;
        foreach (var lot in SoonestFirst(v.Lots))
        {
            var take = Math.Min(lot.Remaining, wanted);
            if (take > 0)
            {
                lot.Remaining -= take;
                lot.Held += take;
                taken.Add((lot.Id, take));
                wanted -= take;
            }
        }

        Holds[c.HoldId] = new HoldBook
        {
            Id = c.HoldId, Volunteer = v.Id, Merchant = c.MerchantId, Amount = c.Amount, TillRequest = c.TillRequestId,
            ExpiresAt = now + rules.HoldLifetime, Taken = taken,
        };
        return Verdict.Changed;
    }

    /// <summary>The hold on this volunteer's account that this actor may act on (its merchant's cashier; anyone for the scheduler).</summary>
    private HoldBook? HoldOf(Guid volunteer, Guid holdId, Actor? actor) =>
        Holds.TryGetValue(holdId, out var hold) && hold.Volunteer == volunteer && (actor is null || IsCashierOf(actor, hold.Merchant)) ? hold : null;

    private Verdict Complete(CompleteHold c, DateTimeOffset now)
    {
        if (!Volunteers.TryGetValue(c.VolunteerId, out var v))
        {
            return Verdict.Refused(RefusalCodes.VolunteerNotFound);
        }

        var hold = HoldOf(v.Id, c.HoldId, c.Actor);
        if (hold is null)
        {
            return Verdict.Refused(RefusalCodes.NotFound);
        }

        if (hold.Status == "Completed")
        {
            return Verdict.NothingToDo;
        }

        if (hold.Status != "Held" || now >= hold.ExpiresAt)
        {
            return Verdict.Refused(RefusalCodes.HoldAlreadyEnded);
        }

        if (MerchantRefusal(hold.Merchant) is { } refused)
        {
            return Verdict.Refused(refused);
        }

        foreach (var (lotId, points) in hold.Taken)
        {
            v.Lots.Single(l => l.Id == lotId).Held -= points;
        }

        Move(VolunteerAccount(v.Id), MerchantAccount(hold.Merchant), LedgerUnit.Points, hold.Amount);
        (hold.Status, hold.CompletedAt) = ("Completed", now);
        return Verdict.Changed;
    }

    /// <summary>A void (any time while open) or the scheduled expiry (not before its time) frees the held points.</summary>
    private Verdict Release(Guid volunteer, Guid holdId, Actor? cashier, string ending, DateTimeOffset now)
    {
        if (!Volunteers.TryGetValue(volunteer, out var v))
        {
            return Verdict.Refused(RefusalCodes.VolunteerNotFound);
        }

        var hold = HoldOf(v.Id, holdId, cashier);
        if (hold is null)
        {
            return Verdict.Refused(RefusalCodes.NotFound);
        }

        if (hold.Status == ending || (ending == "Expired" && hold.Status != "Held"))
        {
            return Verdict.NothingToDo;
        }

        if (hold.Status != "Held")
        {
            return Verdict.Refused(RefusalCodes.HoldAlreadyEnded);
        }

        if (ending == "Expired" && now < hold.ExpiresAt)
        {
            return Verdict.Refused(RefusalCodes.HoldNotYetExpired);
        }

        foreach (var (lotId, points) in hold.Taken)
        {
            v.Lots.Single(l => l.Id == lotId).Held -= points;
        }

        GiveBack(v, hold, hold.Amount);
        hold.Status = ending;
        return Verdict.Changed;
    }

    private Verdict Refund(RefundPoints c, DateTimeOffset now)
    {
        if (!Volunteers.TryGetValue(c.VolunteerId, out var v))
        {
            return Verdict.Refused(RefusalCodes.VolunteerNotFound);
        }

        var hold = HoldOf(v.Id, c.HoldId, c.Actor);
        if (hold is null)
        {
            return Verdict.Refused(RefusalCodes.NotFound);
        }

        if (hold.RefundRequests.Contains(c.TillRequestId))
        {
            return Verdict.NothingToDo;
        }

        if (hold.Status != "Completed")
        {
            return Verdict.Refused(RefusalCodes.HoldNotCompleted);
        }

        if (c.Amount <= 0)
        {
            return Verdict.Refused(RefusalCodes.InvalidAmount);
        }

        if (now > hold.CompletedAt!.Value + rules.RefundWindow)
        {
            return Verdict.Refused(RefusalCodes.RefundWindowClosed);
        }

        if (c.Amount > hold.Amount - hold.Refunded)
        {
            return Verdict.Refused(RefusalCodes.RefundExceedsCompleted);
        }

        Move(MerchantAccount(hold.Merchant), VolunteerAccount(v.Id), LedgerUnit.Points, c.Amount);
        GiveBack(v, hold, c.Amount);
        hold.Refunded += c.Amount;
        hold.RefundRequests.Add(c.TillRequestId);
        return Verdict.Changed;
    }

    /// <summary>
    /// Points coming back (a release or a refund) repay debt first; the rest return to the lots the hold took them from,
    /// the latest-expiring lot first, keeping the lot's own expiry. Each point of the hold comes back once: the
    /// <paramref name="amount"/> points counted after those that came back before (refunded so far).
    /// </summary>
    private static void GiveBack(VolunteerBook v, HoldBook hold, long amount)
    {
        var debtRepaid = Math.Min(v.PointsDebt, amount);
        v.PointsDebt -= debtRepaid;
        var skip = hold.Refunded;
        var restore = amount - debtRepaid;
        for (var i = hold.Taken.Count - 1; i >= 0 && restore > 0; i--)
        {
            var (lotId, points) = hold.Taken[i];
            var skipped = Math.Min(skip, points);
            skip -= skipped;
            var back = Math.Min(points - skipped, restore);
            v.Lots.Single(l => l.Id == lotId).Remaining += back;
            restore -= back;
        }
    }

    // Merchants.

    private Verdict RegisterMerchant(RegisterMerchant c)
    {
        if (c.Actor.Role != ActorRole.CityAdmin && !IsStaffOf(c.Actor, c.CommunityId))
        {
            return Verdict.Refused(RefusalCodes.NotStaffOfCommunity);
        }

        if (Merchants.ContainsKey(c.MerchantId))
        {
            return Verdict.Refused(RefusalCodes.AlreadyExists);
        }

        if (Blank(c.Name))
        {
            return Verdict.Refused(RefusalCodes.InvalidInput);
        }

        Merchants[c.MerchantId] = (c.CommunityId, "Pending");
        return Verdict.Changed;
    }

    private Verdict ChangeMerchant(Guid merchantId, Actor actor, string from, string to, string reason)
    {
        if (!Merchants.TryGetValue(merchantId, out var merchant)
            || !(actor.Role == ActorRole.CityAdmin || IsStaffOf(actor, merchant.Community) || IsCashierOf(actor, merchantId)))
        {
            return Verdict.Refused(RefusalCodes.NotFound);
        }

        if (actor.Role != ActorRole.CityAdmin && !IsStaffOf(actor, merchant.Community))
        {
            return Verdict.Refused(RefusalCodes.NotStaffOfCommunity);
        }

        if (Blank(reason))
        {
            return Verdict.Refused(RefusalCodes.ReasonRequired);
        }

        if (merchant.Status != from)
        {
            return Verdict.Refused(RefusalCodes.InvalidMerchantState);
        }

        Merchants[merchantId] = (merchant.Community, to);
        return Verdict.Changed;
    }
}
