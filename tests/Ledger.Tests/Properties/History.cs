using System.Collections.Immutable;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
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
/// coefficient, four registered volunteers (Ana is also staff at Riverside) and one stranger who never registered.
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

        return model;
    }

    private static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:x12}");
}

/// <summary>Turns the steps of a history into commands against a ledger model, one at a time, as it evolves.</summary>
public sealed class HistoryDriver
{
    private readonly List<PlannedCommand> issued = [];
    private readonly List<Guid> recordIds = [];
    private int sequence;

    public LedgerModel Model { get; } = PropertyCity.NewLedger();

    public DateTimeOffset Now { get; private set; } = PropertyCity.Start;

    /// <summary>Runs the whole history; <paramref name="observe"/> sees each command and its outcome.</summary>
    public LedgerModel Run(History history, Action<PlannedCommand, Outcome>? observe = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        foreach (var step in history.Steps)
        {
            var planned = Plan(step);
            if (planned is null)
            {
                continue;
            }

            var outcome = Model.Execute(planned.CommandId, planned.Command, planned.Now);
            observe?.Invoke(planned, outcome);
        }

        return Model;
    }

    /// <summary>Runs the history, handing each command to <paramref name="execute"/> to run with checks around it.</summary>
    public LedgerModel Run(History history, Action<PlannedCommand> execute)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(execute);
        foreach (var step in history.Steps)
        {
            if (Plan(step) is { } planned)
            {
                execute(planned);
            }
        }

        return Model;
    }

    private PlannedCommand? Plan(Step step)
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

        if (command is null)
        {
            return null;
        }

        var planned = new PlannedCommand(NextId(), command, Now, Repeated: false);
        issued.Add(planned);
        return planned;
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

    private ExpirePoints Expire(Step step)
    {
        Now = Now.AddDays(step.Size);
        return new ExpirePoints(PropertyCity.Volunteers[step.Who % PropertyCity.Volunteers.Length]);
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
