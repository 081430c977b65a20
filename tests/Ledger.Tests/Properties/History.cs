using System.Collections.Immutable;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Tests.Model;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Tests.Properties;

public enum StepKind
{
    Submit,
    Verify,
    Reject,
    Revoke,
    Contest,
    Amend,
    Expire,
    Wait,
    Repeat,
    Stray,
    IssueCode,
    Hold,
    Complete,
    Void,
    ExpireHold,
    Refund,
    Merchant,
    Pause,
}

/// <summary>
/// One abstract step of a history. Its numbers pick among what exists when the step runs (a volunteer, a record,
/// an actor), so that a random history is mostly meaningful and shrinks to a short readable one.
/// </summary>
public sealed record Step(StepKind Kind, int Who, int What, int When, int Size, int Extra);

public sealed record History(ImmutableArray<Step> Steps)
{
    public override string ToString() => $"History[{Steps.Length}]: {string.Join("; ", Steps.Select(s => $"{s.Kind}({s.Who},{s.What},{s.When},{s.Size},{s.Extra})"))}";
}

/// <summary>A command the history issues, with the id it carries and the time it is decided at.</summary>
public sealed record PlannedCommand(Guid CommandId, object Command, DateTimeOffset Now, bool Repeated);

/// <summary>
/// The small fixed city the properties run in: Riverside and Hillside, two projects each with their own category and
/// coefficient, four registered volunteers (Ana is also staff at Riverside) and one stranger who never registered;
/// three merchants with a cashier each: Riverside's love mart and Hillside's tea house approved, Riverside's corner
/// shop still pending.
/// The policy has low star thresholds and a low time-credit cap so that short histories reach them.
/// </summary>
public sealed class PropertyCity
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    public static readonly LedgerPolicy Policy = LedgerPolicy.Default with
    {
        StarThresholds = [Minutes.FromHours(5), Minutes.FromHours(10), Minutes.FromHours(20), Minutes.FromHours(40), Minutes.FromHours(80)],
        TimeCreditCap = Minutes.FromHours(10),
        PointsPerHourByCategory = ImmutableDictionary<string, int>.Empty.Add("eldercare", 12).Add("tutoring", 20),
    };

    public static readonly Guid Riverside = Id(0xc1);
    public static readonly Guid Hillside = Id(0xc2);
    public static readonly Guid RiversideStaffId = Id(0xf1);
    public static readonly Guid HillsideStaffId = Id(0xf2);
    public static readonly Guid CityAdminId = Id(0xad);

    /// <summary>Four registered volunteers, then a stranger who never registered.</summary>
    public static readonly ImmutableArray<Guid> Volunteers = [Id(0xa1), Id(0xa2), Id(0xa3), Id(0xa4), Id(0xa5)];

    /// <summary>Four projects, then one that was never published.</summary>
    public static readonly ImmutableArray<Guid> Projects = [Id(0xb1), Id(0xb2), Id(0xb3), Id(0xb4), Id(0xb5)];

    /// <summary>The love mart (Riverside), the tea house (Hillside), the corner shop (Riverside, pending).</summary>
    public static readonly ImmutableArray<Guid> Merchants = [Id(0xd1), Id(0xd2), Id(0xd3)];

    /// <summary>One cashier per merchant, in the order of <see cref="Merchants"/>.</summary>
    public static readonly ImmutableArray<Actor> Cashiers =
        [Actor.Merchant(Id(0xe1), Merchants[0]), Actor.Merchant(Id(0xe2), Merchants[1]), Actor.Merchant(Id(0xe3), Merchants[2])];

    public static LedgerModel NewLedger()
    {
        var model = new LedgerModel(Policy);
        model.RegisterCommunity(Riverside, "Riverside", RiversideStaffId, Volunteers[0]);
        model.RegisterCommunity(Hillside, "Hillside", HillsideStaffId);
        model.PublishProject(Projects[0], Riverside, "Eldercare visits", "eldercare", 150, earnsTimeCredits: true);
        model.PublishProject(Projects[1], Riverside, "River clean-up", "environment", 100, earnsTimeCredits: false);
        model.PublishProject(Projects[2], Hillside, "Homework club", "tutoring", 200, earnsTimeCredits: true);
        model.PublishProject(Projects[3], Hillside, "Opera for elders", "culture", 50, earnsTimeCredits: true);
        for (var i = 0; i < 4; i++)
        {
            model.RegisterVolunteer(Volunteers[i], i < 2 ? Riverside : Hillside, $"V-{i + 1}", Start);
        }

        model.RegisterMerchant(Merchants[0], Riverside, "Love mart", approved: true, Start);
        model.RegisterMerchant(Merchants[1], Hillside, "Tea house", approved: true, Start);
        model.RegisterMerchant(Merchants[2], Riverside, "Corner shop", approved: false, Start);

        return model;
    }

    /// <summary>The same city in the auditor's books: communities, projects, volunteers and merchants as plain values.</summary>
    public static Auditor NewAuditor()
    {
        var auditor = new Auditor(AuditRules.Of(Policy));
        auditor.PublishProject(Projects[0], Riverside, "eldercare", 150, earnsTimeCredits: true);
        auditor.PublishProject(Projects[1], Riverside, "environment", 100, earnsTimeCredits: false);
        auditor.PublishProject(Projects[2], Hillside, "tutoring", 200, earnsTimeCredits: true);
        auditor.PublishProject(Projects[3], Hillside, "culture", 50, earnsTimeCredits: true);
        for (var i = 0; i < 4; i++)
        {
            auditor.RegisterVolunteer(Volunteers[i], i < 2 ? Riverside : Hillside);
        }

        auditor.RegisterMerchant(Merchants[0], Riverside, approved: true);
        auditor.RegisterMerchant(Merchants[1], Hillside, approved: true);
        auditor.RegisterMerchant(Merchants[2], Riverside, approved: false);
        return auditor;
    }

    private static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:x12}");
}

/// <summary>Turns the steps of a history into commands against a ledger model, one at a time, as it evolves.</summary>
public sealed class HistoryDriver
{
    private readonly List<PlannedCommand> issued = [];
    private readonly List<Guid> recordIds = [];
    /// <summary>Every code asked for, per volunteer, newest last: a till may be shown any of them, live or not.</summary>
    private readonly Dictionary<Guid, List<string>> codes = [];
    private readonly List<Guid> tillRequests = [];
    private int sequence;

    public LedgerModel Model { get; } = PropertyCity.NewLedger();

    /// <summary>The independent books every command is also applied to, in <see cref="RunAudited"/>.</summary>
    public Auditor Auditor { get; } = PropertyCity.NewAuditor();

    public DateTimeOffset Now { get; private set; } = PropertyCity.Start;

    /// <summary>Runs the whole history; <paramref name="observe"/> sees each command and its outcome.</summary>
    public LedgerModel Run(History history, Action<PlannedCommand, Outcome>? observe = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        foreach (var planned in history.Steps.SelectMany(Plan))
        {
            var outcome = Model.Execute(planned.CommandId, planned.Command, planned.Now);
            observe?.Invoke(planned, outcome);
        }

        return Model;
    }

    /// <summary>
    /// Runs the whole history through the ledger and the auditor; <paramref name="observe"/> sees each command, the
    /// ledger's outcome and the auditor's verdict. <paramref name="before"/> sees each command before either applies it.
    /// </summary>
    public LedgerModel RunAudited(History history, Action<PlannedCommand, Outcome, Verdict> observe, Action<PlannedCommand>? before = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(observe);
        foreach (var planned in history.Steps.SelectMany(Plan))
        {
            before?.Invoke(planned);
            var outcome = Model.Execute(planned.CommandId, planned.Command, planned.Now);
            var verdict = Auditor.Execute(planned.CommandId, planned.Command, planned.Now);
            observe(planned, outcome, verdict);
        }

        return Model;
    }

    /// <summary>Runs the history, handing each command to <paramref name="execute"/> to run with checks around it.</summary>
    public LedgerModel Run(History history, Action<PlannedCommand> execute)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(execute);
        foreach (var planned in history.Steps.SelectMany(Plan))
        {
            execute(planned);
        }

        return Model;
    }

    /// <summary>
    /// The commands of one step, planned lazily: each is planned after the one before it ran. A redemption step is
    /// mostly as at a real till: a fresh code, the till's hold with it, and often the sale completed or voided at
    /// once; otherwise one command or none.
    /// </summary>
    private IEnumerable<PlannedCommand> Plan(Step step)
    {
        if (step.Kind != StepKind.Hold)
        {
            if (PlanOne(step) is { } one)
            {
                yield return one;
            }

            yield break;
        }

        var volunteer = Redeemer(step);
        if (step.Extra % 8 != 0)
        {
            yield return Planned(IssueCode(volunteer, step.Extra, step.What));
            Now = Now.AddSeconds(20);
        }

        var hold = Hold(step, volunteer);
        yield return Planned(hold);
        Now = Now.AddSeconds(40);
        if (Model.HoldState(hold.HoldId) is not { IsOpen: true })
        {
            yield break;
        }

        switch (step.When)
        {
            case <= 2:
                yield return Planned(new CompleteHold(volunteer, hold.HoldId, Till(step, hold.MerchantId)));
                break;
            case 3:
                yield return Planned(new VoidHold(volunteer, hold.HoldId, Till(step, hold.MerchantId)));
                break;
        }
    }

    /// <summary>Mostly a volunteer with points to spend, if there is one; now and then anyone, the stranger too.</summary>
    private Guid Redeemer(Step step)
    {
        var spenders = PropertyCity.Volunteers.Where(v => Model.AccountState(v)?.AvailablePoints > 0).ToList();
        return spenders.Count > 0 && step.Extra % 5 != 0 ? spenders[step.Who % spenders.Count] : Volunteer(step.Who);
    }

    private PlannedCommand? PlanOne(Step step)
    {
        // Every step takes a little time, so that commands are ordered in time as they are in life.
        Now = Now.AddMinutes(1);
        object? command = step.Kind switch
        {
            StepKind.Submit => Submit(step),
            StepKind.Verify => WithRecord(step, r => new VerifyServiceRecord(r.Id, Reviewer(step.Who, r))),
            StepKind.Reject => WithRecord(step, r => new RejectServiceRecord(r.Id, Reason(step), Reviewer(step.Who, r))),
            StepKind.Revoke => WithRecord(step, r => new RevokeServiceRecord(r.Id, Reason(step), Reviewer(step.Who, r))),
            StepKind.Contest => WithRecord(step, r => new ContestServiceRecord(r.Id, Reason(step), Contester(step.Who, r))),
            StepKind.Amend => WithRecord(step, r => Amend(step, r)),
            StepKind.Expire => Expire(step),
            StepKind.Wait => Wait(step),
            StepKind.Repeat => null,
            StepKind.Stray => Stray(step),
            StepKind.IssueCode => IssueCode(Volunteer(step.Who), step.Extra, step.What),
            StepKind.Hold => throw new InvalidOperationException("A hold step is planned as a whole."),
            StepKind.Complete => WithHold(step, (volunteer, hold) => new CompleteHold(volunteer, hold.HoldId, Till(step, hold.MerchantId))),
            StepKind.Void => WithHold(step, (volunteer, hold) => new VoidHold(volunteer, hold.HoldId, Till(step, hold.MerchantId))),
            StepKind.ExpireHold => WithHold(step, (volunteer, hold) => ExpireHold(step, volunteer, hold)),
            StepKind.Refund => WithHold(step, (volunteer, hold) => Refund(step, volunteer, hold)),
            StepKind.Merchant => MerchantChange(step),
            StepKind.Pause => Pause(step),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step.Kind, "Unknown step."),
        };

        if (step.Kind == StepKind.Repeat)
        {
            if (issued.Count == 0)
            {
                return null;
            }

            var earlier = issued[step.What % issued.Count];
            return new PlannedCommand(earlier.CommandId, earlier.Command, Now, Repeated: true);
        }

        return command is null ? null : Planned(command);
    }

    private PlannedCommand Planned(object command)
    {
        var planned = new PlannedCommand(NextId(), command, Now, Repeated: false);
        issued.Add(planned);
        return planned;
    }

    private static Guid Volunteer(int who) => PropertyCity.Volunteers[who % PropertyCity.Volunteers.Length];

    /// <summary>Mostly the volunteer's own request for a fresh code; now and then a malformed one or someone else asking.</summary>
    private IssueRedemptionCode IssueCode(Guid volunteer, int extra, int what)
    {
        var code = extra % 23 == 0 ? "12a45678" : $"{((sequence * 7_919L) + what) % 100_000_000:D8}";
        var actor = extra % 19 == 1 ? Actor.Volunteer(Volunteer(PropertyCity.Volunteers.IndexOf(volunteer) + 1)) : Actor.Volunteer(volunteer);
        if (!codes.TryGetValue(volunteer, out var asked))
        {
            codes[volunteer] = asked = [];
        }

        asked.Add(code);
        return new IssueRedemptionCode(volunteer, code, actor);
    }

    /// <summary>
    /// A till asks to hold a share of what is available (size in percent; above 100 asks for more than there is, 0 or
    /// below is a bad amount), mostly with the volunteer's latest code, now and then a wrong one, another volunteer's,
    /// another merchant's cashier, or a retry of an earlier till request.
    /// </summary>
    private HoldPoints Hold(Step step, Guid volunteer)
    {
        var merchant = PropertyCity.Merchants[step.What % PropertyCity.Merchants.Length];
        var available = Model.AccountState(volunteer)?.AvailablePoints ?? 0;
        var amount = step.Size switch
        {
            <= 0 => step.Size,
            > 100 => available + step.Size - 100,
            _ => Math.Max(1, available * step.Size / 100),
        };
        var code = (step.Extra % 20) switch
        {
            1 => "00000000",
            2 => Shown(Volunteer(step.Who + 1), step.What) ?? "11111111",
            _ => Shown(volunteer, step.What) ?? "22222222",
        };
        var tillRequest = step.Extra % 7 == 3 && tillRequests.Count > 0 ? tillRequests[step.What % tillRequests.Count] : NextId();
        tillRequests.Add(tillRequest);
        return new HoldPoints(volunteer, NextId(), merchant, code, amount, tillRequest, Till(step, merchant));
    }

    /// <summary>Mostly the volunteer's newest code; now and then one of the two before it (still live, used or expired).</summary>
    private string? Shown(Guid volunteer, int what)
    {
        if (codes.GetValueOrDefault(volunteer) is not { Count: > 0 } asked)
        {
            return null;
        }

        var back = what % 5 == 4 ? 1 + (what / 5 % 2) : 0;
        return asked[^(1 + Math.Min(back, asked.Count - 1))];
    }

    /// <summary>Mostly the merchant's own cashier; now and then another merchant's, or a staff member.</summary>
    private Actor Till(Step step, Guid merchantId) => (step.Extra % 17) switch
    {
        9 => PropertyCity.Cashiers[(PropertyCity.Merchants.IndexOf(merchantId) + 1) % PropertyCity.Cashiers.Length],
        10 => Model.StaffActor(PropertyCity.RiversideStaffId),
        _ => PropertyCity.Cashiers[PropertyCity.Merchants.IndexOf(merchantId)],
    };

    /// <summary>Mostly the scheduled message arriving when the hold is due; now and then too early.</summary>
    private ExpireHold ExpireHold(Step step, Guid volunteer, Hold hold)
    {
        if (step.Extra % 3 != 0 && hold.ExpiresAt > Now)
        {
            Now = hold.ExpiresAt;
        }

        return new ExpireHold(volunteer, hold.HoldId);
    }

    /// <summary>A share of what is left to refund (size in percent, as for holds), now and then a retried refund request.</summary>
    private RefundPoints Refund(Step step, Guid volunteer, Hold hold)
    {
        var refundable = hold.Amount - hold.Refunded;
        var amount = step.Size switch
        {
            <= 0 => step.Size,
            > 100 => refundable + step.Size - 100,
            _ => Math.Max(1, refundable * step.Size / 100),
        };
        var tillRequest = step.Extra % 7 == 3 && hold.RefundRequests.Count > 0 ? hold.RefundRequests[step.What % hold.RefundRequests.Count] : NextId();
        return new RefundPoints(volunteer, hold.HoldId, amount, tillRequest, Till(step, hold.MerchantId));
    }

    /// <summary>
    /// Picks a hold, mostly one the command can act on (an open hold to complete, void or expire, a completed one to
    /// refund); now and then any hold, which the rules may refuse or find nothing to do for.
    /// </summary>
    private object? WithHold(Step step, Func<Guid, Hold, object> command)
    {
        var existing = Model.Holds.Values
            .Select(hold => (Id: hold.VolunteerId, Hold: hold))
            .OrderBy(h => h.Hold.HeldAt).ThenBy(h => h.Hold.HoldId)
            .ToList();
        var fitting = existing.Where(h => step.Kind == StepKind.Refund ? h.Hold.Status == HoldStatus.Completed : h.Hold.IsOpen).ToList();
        var candidates = fitting.Count > 0 && step.What % 5 != 0 ? fitting : existing;
        if (candidates.Count == 0)
        {
            return null;
        }

        var (volunteer, hold) = candidates[step.What % candidates.Count];
        return command(volunteer, hold);
    }

    /// <summary>Approve, suspend or reinstate a merchant; mostly by its community's staff, now and then by staff elsewhere.</summary>
    private MerchantCommand MerchantChange(Step step)
    {
        var merchantId = PropertyCity.Merchants[step.What % PropertyCity.Merchants.Length];
        var community = Model.MerchantState(merchantId)!.CommunityId;
        var staff = (step.Who % 6 == 5) == (community == PropertyCity.Riverside) ? PropertyCity.HillsideStaffId : PropertyCity.RiversideStaffId;
        var actor = Model.StaffActor(staff);
        return (step.Extra % 3) switch
        {
            0 => new ApproveMerchant(merchantId, actor),
            1 => new SuspendMerchant(merchantId, Reason(step), actor),
            _ => new ReinstateMerchant(merchantId, actor),
        };
    }

    private object? Pause(Step step)
    {
        Now = Now.AddMinutes(step.Size);
        return null;
    }

    private SubmitServiceRecord Submit(Step step)
    {
        var volunteer = PropertyCity.Volunteers[step.Who % PropertyCity.Volunteers.Length];
        var projectId = PropertyCity.Projects[step.What % PropertyCity.Projects.Length];
        var end = Now.AddHours(-step.When);

        // Now and then right on top of the volunteer's latest record, which the rules refuse as an overlap.
        var latest = recordIds.Select(Model.RecordState).LastOrDefault(r => r?.VolunteerId == volunteer);
        if (step.When % 9 == 0 && latest is not null)
        {
            end = latest.EndedAt.AddMinutes(30);
        }

        var start = end.AddMinutes(-step.Size);
        var minutes = (long)step.Size * step.Extra / 100;
        var community = Model.Projects.TryGetValue(projectId, out var project) ? project.CommunityId : PropertyCity.Riverside;

        // Mostly the project community's staff; now and then someone who may not record there.
        var actor = (step.Extra % 11) switch
        {
            0 => Model.StaffActor(community == PropertyCity.Riverside ? PropertyCity.HillsideStaffId : PropertyCity.RiversideStaffId),
            1 => Model.StaffActor(PropertyCity.Volunteers[0]),
            _ => Model.StaffActor(community == PropertyCity.Riverside ? PropertyCity.RiversideStaffId : PropertyCity.HillsideStaffId),
        };

        var recordId = NextId();
        recordIds.Add(recordId);
        return new SubmitServiceRecord(recordId, volunteer, projectId, start, end, minutes, "Service", null, null, 5, "Person in charge", actor);
    }

    private AmendServiceRecord Amend(Step step, ServiceRecord record)
    {
        var end = record.EndedAt.AddMinutes(step.When % 120);
        var start = end.AddMinutes(-step.Size);
        var minutes = (long)step.Size * step.Extra / 100;
        return new AmendServiceRecord(record.Id, start, end, minutes, "Corrected service", Reason(step), Reviewer(step.Who, record));
    }

    /// <summary>Time passes, then one account's due points expire: half the time an account with points on hold, if any.</summary>
    private ExpirePoints Expire(Step step)
    {
        Now = Now.AddDays(step.Size);
        var holding = PropertyCity.Volunteers.Where(v => Model.AccountState(v)?.HeldPoints > 0).ToList();
        return new ExpirePoints(holding.Count > 0 && step.Size % 2 == 0 ? holding[step.Who % holding.Count] : Volunteer(step.Who));
    }

    private object? Wait(Step step)
    {
        Now = Now.AddDays(step.Size);
        return null;
    }

    /// <summary>A command about something that does not exist.</summary>
    private object Stray(Step step) => (step.What % 3) switch
    {
        0 => new VerifyServiceRecord(NextId(), Model.StaffActor(PropertyCity.RiversideStaffId)),
        1 => new RevokeServiceCredit(PropertyCity.Volunteers[step.Who % 4], NextId(), "Never credited", PropertyCity.RiversideStaffId),
        _ => new ExpirePoints(PropertyCity.Volunteers[4]),
    };

    /// <summary>
    /// Picks an existing record, mostly one the command can act on (e.g. a submitted one to verify), so that histories
    /// go deep into the lifecycle; now and then any record, which the rules may refuse.
    /// </summary>
    private object? WithRecord(Step step, Func<ServiceRecord, object> command)
    {
        var existing = recordIds.Select(Model.RecordState).OfType<ServiceRecord>().ToList();
        var fitting = existing.Where(r => Fits(step.Kind, r)).ToList();
        var candidates = fitting.Count > 0 && step.What % 5 != 0 ? fitting : existing;
        return candidates.Count == 0 ? null : command(candidates[step.What % candidates.Count]);
    }

    private static bool Fits(StepKind kind, ServiceRecord record) => kind switch
    {
        StepKind.Verify or StepKind.Reject => record.Status == RecordStatus.Submitted,
        StepKind.Revoke => record.Status == RecordStatus.Credited,
        StepKind.Contest => record.Status is RecordStatus.Rejected or RecordStatus.Credited,
        StepKind.Amend => record.Status == RecordStatus.Submitted || (record.Status == RecordStatus.Rejected && record.Contested),
        _ => true,
    };

    /// <summary>Mostly the right staff for the record; otherwise staff elsewhere, Ana as staff, the volunteer, or an admin.</summary>
    private Actor Reviewer(int who, ServiceRecord record) => (who % 10) switch
    {
        6 => Model.StaffActor(record.CommunityId == PropertyCity.Riverside ? PropertyCity.HillsideStaffId : PropertyCity.RiversideStaffId),
        7 => Model.StaffActor(PropertyCity.Volunteers[0]),
        8 => Actor.Volunteer(record.VolunteerId),
        9 => Actor.CityAdmin(PropertyCity.CityAdminId),
        _ => Model.StaffActor(record.CommunityId == PropertyCity.Riverside ? PropertyCity.RiversideStaffId : PropertyCity.HillsideStaffId),
    };

    private static Actor Contester(int who, ServiceRecord record) => (who % 5) switch
    {
        4 => Actor.Volunteer(PropertyCity.Volunteers[(PropertyCity.Volunteers.IndexOf(record.VolunteerId) + 1) % 4]),
        _ => Actor.Volunteer(record.VolunteerId),
    };

    private static string Reason(Step step) => step.Extra % 10 == 0 ? " " : "Checked against the sign-in sheet";

    private Guid NextId() => new(++sequence, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]);
}
