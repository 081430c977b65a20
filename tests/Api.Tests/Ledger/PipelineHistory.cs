using System.Globalization;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Communities;
using TimeBank.Api.Accounts;
using TimeBank.Api.Accounts.Redemptions;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using Wolverine;
using Merchant = TimeBank.Ledger.Merchants.Merchant;
using ApproveMerchant = TimeBank.Ledger.Merchants.ApproveMerchant;
using RegisterMerchant = TimeBank.Ledger.Merchants.RegisterMerchant;
using ReinstateMerchant = TimeBank.Ledger.Merchants.ReinstateMerchant;
using SuspendMerchant = TimeBank.Ledger.Merchants.SuspendMerchant;
using MerchantStatus = TimeBank.Ledger.Merchants.MerchantStatus;

namespace TimeBank.Api.Tests.Ledger;

public enum PipelineMove
{
    Submit,
    Verify,
    Reject,
    Revoke,
    Contest,
    RegisterMerchant,
    ApproveMerchant,
    SuspendMerchant,
    ReinstateMerchant,
    IssueCode,
    Hold,
    Complete,
    Void,
    Refund,
    ExpireHold,
    ExpirePoints,
    Pause,
}

/// <summary>One step: what kind, whether the command is meant to fit (else one of the kind's wrong variants), and numbers that pick among what exists.</summary>
public sealed record PipelineStep(PipelineMove Kind, bool Fits, int Pick, int Size)
{
    public override string ToString() => $"{Kind}{(Fits ? "" : "!")}({Pick},{Size})";
}

/// <summary>
/// Random histories of the ledger's use cases for the pipeline properties: about seven steps in ten are a wrong variant
/// (wrong actor, unknown id, wrong state, bad amount, wrong code, another merchant's cashier, early expiry), so refusals
/// are as common as in real use. Seeded: <c>TIMEBANK_PIPELINE_SEED</c> repeats a run, <c>TIMEBANK_PIPELINE_CASES</c>
/// runs more histories. A history picks among the records, merchants and holds as the stored read models have them.
/// </summary>
public sealed class PipelineHistory(PipelineApp app)
{
    private const int Volunteers = 3;

    public static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable("TIMEBANK_PIPELINE_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : Random.Shared.Next();

    public static int Cases(int unless) =>
        int.TryParse(Environment.GetEnvironmentVariable("TIMEBANK_PIPELINE_CASES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : unless;

    public static IReadOnlyList<IReadOnlyList<PipelineStep>> Generate(int seed, int cases, int minSteps = 25, int maxSteps = 40)
    {
        var random = new Random(seed);
        (PipelineMove Move, int Weight)[] weights =
        [
            (PipelineMove.Submit, 8), (PipelineMove.Verify, 7), (PipelineMove.Reject, 2), (PipelineMove.Revoke, 3), (PipelineMove.Contest, 2),
            (PipelineMove.RegisterMerchant, 2), (PipelineMove.ApproveMerchant, 2), (PipelineMove.SuspendMerchant, 2), (PipelineMove.ReinstateMerchant, 2),
            (PipelineMove.IssueCode, 3), (PipelineMove.Hold, 8), (PipelineMove.Complete, 4), (PipelineMove.Void, 2), (PipelineMove.Refund, 4),
            (PipelineMove.ExpireHold, 2), (PipelineMove.ExpirePoints, 2), (PipelineMove.Pause, 1),
        ];
        var total = weights.Sum(w => w.Weight);
        PipelineMove Kind()
        {
            var roll = random.Next(total);
            foreach (var (move, weight) in weights)
            {
                if ((roll -= weight) < 0)
                {
                    return move;
                }
            }

            throw new InvalidOperationException("Unreachable.");
        }

        return [.. Enumerable.Range(0, cases).Select(_ => (IReadOnlyList<PipelineStep>)[.. Enumerable.Range(0, random.Next(minSteps, maxSteps + 1))
            .Select(_ => new PipelineStep(Kind(), random.Next(10) < 3, random.Next(1000), random.Next(1, 101)))])];
    }

    /// <summary>
    /// A history of fitting steps that reaches every kind of value-moving command and event (a void, a completion and a
    /// refund, an open hold expired, a revocation, a month of points expiry). A property plays it after its random
    /// histories only if they left a kind unreached, so that its coverage cannot fail by chance, only by a refusal.
    /// </summary>
    public static IReadOnlyList<PipelineStep> Directed { get; } =
    [
        new(PipelineMove.Submit, true, 0, 1), new(PipelineMove.Submit, true, 1, 1), new(PipelineMove.Submit, true, 2, 1), new(PipelineMove.Submit, true, 0, 2),
        new(PipelineMove.Hold, true, 0, 6), new(PipelineMove.Hold, true, 1, 4), new(PipelineMove.Refund, true, 0, 50),
        new(PipelineMove.ExpireHold, true, 0, 1), new(PipelineMove.Revoke, true, 0, 1), new(PipelineMove.ExpirePoints, true, 0, 1),
    ];

    private readonly Guid communityId = Guid.CreateVersion7();
    private readonly Guid projectId = Guid.CreateVersion7();
    private readonly Guid[] volunteers = [.. Enumerable.Range(0, Volunteers).Select(_ => Guid.CreateVersion7())];
    private readonly List<Guid> records = [];
    private readonly List<(Guid Id, Actor Cashier)> merchants = [];
    private readonly List<Guid> holds = [];
    private readonly Dictionary<Guid, string> latestCode = [];
    private Actor staff = null!;
    private Actor verifier = null!;
    private Func<IIdempotent, Task<CommandOutcome>> send = null!;
    private List<Guid> spenders = [];

    public List<string> Log { get; } = [];

    public Guid CommunityId => communityId;

    /// <summary>
    /// Runs the history; every command goes through <paramref name="sendCommand"/> (the property's checks around the real
    /// pipeline), and the pipeline is settled after every step.
    /// </summary>
    public async Task RunAsync(IReadOnlyList<PipelineStep> steps, Func<IIdempotent, Task<CommandOutcome>> sendCommand)
    {
        send = sendCommand;
        app.Clock.CatchUpWithSystem();
        staff = Actor.Staff(Guid.CreateVersion7(), communityId);
        verifier = Actor.Staff(Guid.CreateVersion7(), communityId);
        await SetUpAsync(Idempotent.Of(Guid.CreateVersion7(), new RegisterCommunity(communityId, "八大关社区", "八大关街道", PipelineApp.District, TimeBankApp.CityAdmin)));
        await SetUpAsync(Idempotent.Of(Guid.CreateVersion7(), new AssignStaff(communityId, staff.PersonId, TimeBankApp.CityAdmin)));
        await SetUpAsync(Idempotent.Of(Guid.CreateVersion7(), new AssignStaff(communityId, verifier.PersonId, TimeBankApp.CityAdmin)));
        await SetUpAsync(Idempotent.Of(Guid.CreateVersion7(), new PublishProject(projectId, communityId, "助老服务", "elderly", 150, true, "活动室", staff)));
        foreach (var volunteer in volunteers)
        {
            await SetUpAsync(Idempotent.Of(Guid.CreateVersion7(), new RegisterVolunteer(volunteer, communityId, "V-" + volunteer.ToString("N")[^12..], staff, new PersonalDetails("志愿者"))));
        }

        // The community's love supermarket is open from the start (the steps add, suspend and reinstate merchants).
        await RegisterMerchantAsync(new PipelineStep(PipelineMove.RegisterMerchant, Fits: true, Pick: 0, Size: 1));
        foreach (var step in steps)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(10));
            Log.Add(step.ToString());
            await StepAsync(step);
            await app.SettleAsync();
        }
    }

    private async Task SetUpAsync(IIdempotent command) => TestCity.Accept(await SendAsync(command));

    private async Task<CommandOutcome> SendAsync(IIdempotent command)
    {
        Log.Add($"  {Kind(command)}{(command is Idempotent<VerifyServiceRecords> { Command.RecordIds.Count: > 1 } batch ? $" of {batch.Command.RecordIds.Count} records" : "")}");
        var outcome = await send(command);
        Log[^1] += $" → {(outcome.Accepted ? "accepted" : outcome.Code)}";
        return outcome;
    }

    private Task StepAsync(PipelineStep step) => step.Kind switch
    {
        PipelineMove.Submit => SubmitAsync(step),
        PipelineMove.Verify => VerifyAsync(step),
        PipelineMove.Reject => RecordAsync(step, RecordStatus.Submitted, (id, wrong, _) =>
            Idempotent.Of(Guid.CreateVersion7(), new RejectServiceRecord(id, wrong == 1 ? "" : "时间不符", wrong == 0 ? Actor.Volunteer(volunteers[0]) : staff))),
        PipelineMove.Revoke => RecordAsync(step, RecordStatus.Credited, (id, wrong, _) =>
            Idempotent.Of(Guid.CreateVersion7(), new RevokeServiceRecord(id, "登记有误", wrong == 0 ? Actor.Volunteer(volunteers[0]) : staff))),
        PipelineMove.Contest => ContestAsync(step),
        PipelineMove.RegisterMerchant => RegisterMerchantAsync(step),
        PipelineMove.ApproveMerchant => MerchantAsync(step, MerchantStatus.Pending, (id, actor) => Idempotent.Of(Guid.CreateVersion7(), new ApproveMerchant(id, actor))),
        PipelineMove.SuspendMerchant => MerchantAsync(step, MerchantStatus.Approved, (id, actor) => Idempotent.Of(Guid.CreateVersion7(), new SuspendMerchant(id, "投诉核查中", actor))),
        PipelineMove.ReinstateMerchant => MerchantAsync(step, MerchantStatus.Suspended, (id, actor) => Idempotent.Of(Guid.CreateVersion7(), new ReinstateMerchant(id, actor))),
        PipelineMove.IssueCode => IssueCodeAsync(volunteers[step.Pick % Volunteers], step.Fits ? Actor.Volunteer(volunteers[step.Pick % Volunteers]) : staff),
        PipelineMove.Hold => HoldAsync(step),
        PipelineMove.Complete => OnHoldAsync(step, open: true, (hold, cashier) => Idempotent.Of(Guid.CreateVersion7(), CompleteHold.AtTill(cashier, hold.HoldId))),
        PipelineMove.Void => OnHoldAsync(step, open: true, (hold, cashier) => Idempotent.Of(Guid.CreateVersion7(), VoidHold.AtTill(cashier, hold.HoldId))),
        PipelineMove.ExpireHold or PipelineMove.ExpirePoints or PipelineMove.Pause => OtherStepAsync(step),
        PipelineMove.Refund => RefundAsync(step),
        _ => throw new ArgumentOutOfRangeException(nameof(step), step.Kind, "Unknown move."),
    };

    /// <summary>A refund of part of a completed sale (one is made first if none is refundable); wrong variants refund too much or nothing.</summary>
    private async Task RefundAsync(PipelineStep step)
    {
        if (!(await HoldsAsync()).Any(Refundable))
        {
            await HoldAsync(new PipelineStep(PipelineMove.Hold, Fits: true, step.Pick, Size: 1));
        }

        await OnHoldAsync(step, open: false, (hold, cashier) => TillRequests.Refund(
            cashier, hold.HoldId, step.Fits ? Math.Max(1, hold.Refundable * step.Size / 100) : (step.Size % 2 == 0 ? hold.Refundable + 1 : -step.Size % 3),
            Guid.NewGuid()));
    }

    /// <summary>Completed, not all given back, and within the refund window (30 days; the points-expiry step moves the clock a month).</summary>
    private bool Refundable(Hold hold) => hold.Refundable > 0 && hold.CompletedAt > app.Clock.Now.AddDays(-29);

    private Task OtherStepAsync(PipelineStep step) => step.Kind switch
    {
        PipelineMove.ExpireHold => ExpireHoldAsync(step),
        PipelineMove.ExpirePoints => ExpirePointsAsync(step),
        PipelineMove.Pause => PauseAsync(step),
        _ => throw new ArgumentOutOfRangeException(nameof(step), step.Kind, "Unknown move."),
    };

    /// <summary>Wrong variants: the volunteer as actor, minutes that do not match the slot, an unknown volunteer, a slot in the future.</summary>
    private async Task SubmitAsync(PipelineStep step)
    {
        var recordId = Guid.CreateVersion7();
        var volunteer = volunteers[step.Pick % Volunteers];
        var (start, end) = TestCity.Slot(step.Pick % 20, 6 + (step.Size % 12), 30 * (1 + (step.Size % 6)));
        var minutes = (long)(end - start).TotalMinutes;
        var actor = staff;
        switch (step.Fits ? -1 : step.Size % 4)
        {
            case 0: actor = Actor.Volunteer(volunteer); break;
            case 1: minutes += 45; break;
            case 2: volunteer = Guid.CreateVersion7(); break;
            case 3: (start, end) = (start.AddDays(30), end.AddDays(30)); break;
        }

        var outcome = await SendAsync(Idempotent.Of(
            Guid.CreateVersion7(), new SubmitServiceRecord(recordId, volunteer, projectId, start, end, minutes, "陪伴老人", null, null, 5, "张主任", actor)));
        if (outcome.Accepted)
        {
            records.Add(recordId);
            // Mostly the other staff member verifies it at once, so that histories earn points to spend.
            if (step.Size % 3 != 0)
            {
                await SendAsync(Idempotent.Of(Guid.CreateVersion7(), new VerifyServiceRecords([recordId], verifier)));
            }
        }
    }

    /// <summary>
    /// Verifies a submitted record (one is submitted first if there is none). Two wrong variants are a batch whose first
    /// record fits and whose last does not (another state, or none): nothing of the batch may be written.
    /// </summary>
    private async Task VerifyAsync(PipelineStep step)
    {
        if (!(await RecordsAsync()).Any(r => r.Status == RecordStatus.Submitted))
        {
            await SubmitAsync(new PipelineStep(PipelineMove.Submit, Fits: true, step.Pick, Size: 3));
        }

        await RecordAsync(step, RecordStatus.Submitted, (id, wrong, fitting) =>
            Idempotent.Of(Guid.CreateVersion7(), new VerifyServiceRecords(wrong >= 2 && fitting is { } first && first != id ? [first, id] : [id], wrong == 0 ? staff : verifier)));
    }

    /// <summary>A record in <paramref name="fitting"/> status if the step fits (and one exists); else an unknown one, one in another status, or a wrong actor.</summary>
    private async Task RecordAsync(PipelineStep step, RecordStatus fitting, Func<Guid, int, Guid?, IIdempotent> command)
    {
        var known = await RecordsAsync();
        var fits = known.Where(r => r.Status == fitting).ToList();
        var others = known.Where(r => r.Status != fitting).ToList();
        var wrong = step.Fits ? -1 : step.Size % 4;
        var recordId = wrong switch
        {
            -1 or 0 or 1 when fits.Count > 0 => fits[step.Pick % fits.Count].Id,
            2 when others.Count > 0 => others[step.Pick % others.Count].Id,
            _ when known.Count > 0 && wrong != 3 => known[step.Pick % known.Count].Id,
            _ => Guid.CreateVersion7(),
        };
        await SendAsync(command(recordId, wrong, fits.Count > 0 ? fits[step.Pick % fits.Count].Id : null));
    }

    private async Task ContestAsync(PipelineStep step)
    {
        var known = await RecordsAsync();
        if (known.Count == 0)
        {
            return;
        }

        var record = known[step.Pick % known.Count];
        var owner = step.Fits ? record.VolunteerId : volunteers.First(v => v != record.VolunteerId);
        await SendAsync(Idempotent.Of(Guid.CreateVersion7(), new ContestServiceRecord(record.Id, step.Fits || step.Size % 2 == 0 ? "时间不对" : "", Actor.Volunteer(owner))));
    }

    private async Task<List<ServiceRecord>> RecordsAsync()
    {
        await using var session = app.Store.QuerySession();
        return [.. (await session.LoadManyAsync<ServiceRecord>(records)).OrderBy(r => r.Id)];
    }

    /// <summary>Wrong variants: a volunteer registers it, or a merchant id already registered is registered again.</summary>
    private async Task RegisterMerchantAsync(PipelineStep step)
    {
        if (merchants.Count >= 3 && step.Fits)
        {
            return;
        }

        var merchantId = !step.Fits && step.Size % 2 == 0 && merchants.Count > 0 ? merchants[step.Pick % merchants.Count].Id : Guid.CreateVersion7();
        var actor = !step.Fits && step.Size % 2 == 1 ? Actor.Volunteer(volunteers[0]) : staff;
        var outcome = await SendAsync(Idempotent.Of(Guid.CreateVersion7(), new RegisterMerchant(merchantId, communityId, $"爱心超市{merchants.Count}", actor)));
        if (outcome.Accepted)
        {
            merchants.Add((merchantId, Actor.Merchant(Guid.CreateVersion7(), merchantId)));
            // A new merchant is mostly approved at once, so that the tills have somewhere to spend.
            if (step.Size % 4 != 0)
            {
                await SendAsync(Idempotent.Of(Guid.CreateVersion7(), new ApproveMerchant(merchantId, staff)));
            }
        }
    }

    /// <summary>Wrong variants: the merchant's own cashier acts, or a merchant in another status, or an unknown merchant.</summary>
    private async Task MerchantAsync(PipelineStep step, MerchantStatus fitting, Func<Guid, Actor, IIdempotent> command)
    {
        if (merchants.Count == 0)
        {
            return;
        }

        await using var session = app.Store.QuerySession();
        var known = (await session.LoadManyAsync<Merchant>(merchants.Select(m => m.Id))).OrderBy(m => m.Id).ToList();
        var fits = known.Where(m => m.Status == fitting).ToList();
        var wrong = step.Fits ? -1 : step.Size % 3;
        var merchant = wrong switch
        {
            -1 or 0 when fits.Count > 0 => fits[step.Pick % fits.Count].Id,
            2 => Guid.CreateVersion7(),
            _ => known[step.Pick % known.Count].Id,
        };
        var actor = wrong == 0 ? merchants.FirstOrDefault(m => m.Id == merchant, merchants[0]).Cashier : staff;
        await SendAsync(command(merchant, actor));
    }

    private async Task IssueCodeAsync(Guid volunteer, Actor actor)
    {
        var outcome = await SendAsync(Idempotent.Of(Guid.CreateVersion7(), IssueRedemptionCode.Asked(actor)));
        if (outcome is { Accepted: true, IssuedCode: { } code })
        {
            latestCode[volunteer] = code;
        }
    }

    /// <summary>
    /// A sale at a till: a fresh code if the volunteer has none, then a share of the points available. Wrong variants: a
    /// code nobody holds, nothing or less, more than available, staff at the till, an empty till request id.
    /// </summary>
    private async Task HoldAsync(PipelineStep step)
    {
        if (merchants.Count == 0)
        {
            return;
        }

        // A volunteer with points to spend, if the step fits and there is one.
        await using (var session = app.Store.QuerySession())
        {
            spenders = [.. (await session.LoadManyAsync<VolunteerAccount>(volunteers)).Where(a => a.AvailablePoints > 0).Select(a => a.Id).Order()];
        }

        var volunteer = step.Fits && spenders.Count > 0 ? spenders[step.Pick % spenders.Count] : volunteers[step.Pick % Volunteers];
        if (!latestCode.ContainsKey(volunteer) || step.Size % 3 == 0)
        {
            await IssueCodeAsync(volunteer, Actor.Volunteer(volunteer));
        }

        app.Clock.Advance(TimeSpan.FromSeconds(20));
        var available = (await app.LoadAsync<VolunteerAccount>(volunteer))?.AvailablePoints ?? 0;
        var cashier = merchants[step.Pick % merchants.Count].Cashier;
        var code = latestCode.GetValueOrDefault(volunteer, "22222222");
        var amount = Math.Max(1, available * step.Size / 100);
        var tillRequest = Guid.NewGuid();
        switch (step.Fits ? -1 : step.Size % 5)
        {
            case 0: code = $"{step.Pick:D8}"; break;
            case 1: amount = -(step.Pick % 2); break;
            case 2: amount = available + 1 + (step.Pick % 10); break;
            case 3: cashier = staff; break;
            case 4: tillRequest = Guid.Empty; break;
        }

        var hold = TillRequests.Hold(cashier, code, amount, tillRequest);
        var outcome = await SendAsync(hold);
        if (outcome.Accepted)
        {
            holds.Add(hold.Command.HoldId);
            latestCode.Remove(volunteer);
            // Mostly the sale is completed at the till at once, now and then let go.
            app.Clock.Advance(TimeSpan.FromSeconds(30));
            if (step.Size % 3 != 0)
            {
                var completed = await SendAsync(Idempotent.Of(Guid.CreateVersion7(), CompleteHold.AtTill(cashier, hold.Command.HoldId)));
                // Now and then the customer brings part of it back at once.
                if (completed.Accepted && step.Size % 3 == 1 && amount > 1)
                {
                    await SendAsync(TillRequests.Refund(cashier, hold.Command.HoldId, amount / 2, Guid.NewGuid()));
                }
            }
            else if (step.Size % 2 == 0)
            {
                await SendAsync(Idempotent.Of(Guid.CreateVersion7(), VoidHold.AtTill(cashier, hold.Command.HoldId)));
            }
        }
    }

    /// <summary>
    /// On a hold that fits (open, or completed for a refund) by its merchant's cashier; wrong variants: a hold in another
    /// state, another merchant's cashier, a hold that does not exist.
    /// </summary>
    private async Task OnHoldAsync(PipelineStep step, bool open, Func<Hold, Actor, IIdempotent> command)
    {
        var known = await HoldsAsync();
        if (known.Count == 0 || merchants.Count == 0)
        {
            return;
        }

        var fits = known.Where(h => open ? h.IsOpen : Refundable(h)).ToList();
        var wrong = step.Fits ? -1 : step.Size % 3;
        var hold = wrong switch
        {
            -1 or 1 when fits.Count > 0 => fits[step.Pick % fits.Count],
            2 => known[0] with { HoldId = Guid.CreateVersion7() },
            _ => known[step.Pick % known.Count],
        };
        var index = merchants.FindIndex(m => m.Id == hold.MerchantId);
        var cashier = merchants[wrong == 1 ? (index + 1) % merchants.Count : Math.Max(index, 0)].Cashier;
        await SendAsync(command(hold, cashier));
    }

    private async Task<List<Hold>> HoldsAsync()
    {
        await using var session = app.Store.QuerySession();
        return [.. (await session.LoadManyAsync<Hold>(holds)).OrderBy(h => h.HoldId)];
    }

    /// <summary>The scheduler's <c>ExpireHold</c>, mostly delivered once the clock passed the hold's end; now and then early, when it must change nothing.</summary>
    private async Task ExpireHoldAsync(PipelineStep step)
    {
        var open = (await HoldsAsync()).Where(h => h.IsOpen).ToList();
        if (open.Count == 0)
        {
            // A sale left open at the till first (most are completed or let go at once).
            await HoldAsync(new PipelineStep(PipelineMove.Hold, Fits: true, step.Pick, Size: 3));
            open = [.. (await HoldsAsync()).Where(h => h.IsOpen)];
            if (open.Count == 0)
            {
                return;
            }
        }

        var hold = open[step.Pick % open.Count];
        if ((step.Fits || step.Size % 3 != 0) && app.Clock.Now < hold.ExpiresAt)
        {
            app.Clock.Advance(hold.ExpiresAt - app.Clock.Now);
        }

        Log.Add($"  ExpireHold at {app.Clock.Now:HH:mm:ss}, hold ends {hold.ExpiresAt:HH:mm:ss}");
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new ExpireHold(hold.VolunteerId, hold.HoldId));
    }

    /// <summary>The hourly sweep of due points: mostly a month has passed, so that lots are due; else three weeks, and none is.</summary>
    private async Task ExpirePointsAsync(PipelineStep step)
    {
        app.Clock.Advance(TimeSpan.FromDays(step.Fits || step.Size % 3 != 0 ? 32 : 21));

        Log.Add($"  ExpireDuePoints at {app.Clock.Now:yyyy-MM-dd}");
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new ExpireDuePoints());
    }

    private Task PauseAsync(PipelineStep step)
    {
        app.Clock.Advance(TimeSpan.FromMinutes(1 + (step.Size % 20)));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Another request under the same command id: the command of the same shape but another kind where there is one
    /// (complete/void, approve/reinstate, reject/revoke/contest), else the same command with one member changed.
    /// </summary>
    public static IIdempotent OtherRequest(IIdempotent command) => command switch
    {
        Idempotent<CompleteHold> { CommandId: var id, Command: var c } => Idempotent.Of(id, new VoidHold(c.VolunteerId, c.HoldId, c.Actor)),
        Idempotent<VoidHold> { CommandId: var id, Command: var c } => Idempotent.Of(id, new CompleteHold(c.VolunteerId, c.HoldId, c.Actor)),
        Idempotent<ApproveMerchant> c => Idempotent.Of(c.CommandId, new ReinstateMerchant(c.Command.MerchantId, c.Actor)),
        Idempotent<ReinstateMerchant> c => Idempotent.Of(c.CommandId, new ApproveMerchant(c.Command.MerchantId, c.Actor)),
        Idempotent<RejectServiceRecord> { CommandId: var id, Command: var c } => Idempotent.Of(id, new RevokeServiceRecord(c.RecordId, c.Reason, c.Actor)),
        Idempotent<RevokeServiceRecord> { CommandId: var id, Command: var c } => Idempotent.Of(id, new RejectServiceRecord(c.RecordId, c.Reason, c.Actor)),
        Idempotent<ContestServiceRecord> { CommandId: var id, Command: var c } => Idempotent.Of(id, new RejectServiceRecord(c.RecordId, c.Reason, c.Actor)),
        Idempotent<SuspendMerchant> c => c with { Command = c.Command with { Reason = c.Command.Reason + "。" } },
        Idempotent<RegisterMerchant> c => c with { Command = c.Command with { Name = c.Command.Name + "二" } },
        Idempotent<SubmitServiceRecord> c => c with { Command = c.Command with { Content = c.Command.Content + "二" } },
        Idempotent<VerifyServiceRecords> c => c with { Command = c.Command with { RecordIds = [.. c.Command.RecordIds, Guid.CreateVersion7()] } },
        Idempotent<IssueRedemptionCode> c => c with { Command = IssueRedemptionCode.Asked(Actor.Volunteer(Guid.CreateVersion7())) },
        Idempotent<HoldPoints> c => c with { Command = c.Command with { Amount = c.Command.Amount + 1 } },
        Idempotent<RefundPoints> c => c with { Command = c.Command with { Amount = c.Command.Amount + 1 } },
        Idempotent<RegisterCommunity> c => c with { Command = c.Command with { Name = c.Command.Name + "二" } },
        Idempotent<AssignStaff> c => c with { Command = c.Command with { StaffId = Guid.CreateVersion7() } },
        Idempotent<PublishProject> c => c with { Command = c.Command with { Name = c.Command.Name + "二" } },
        Idempotent<RegisterVolunteer> c => c with { Command = c.Command with { VolunteerNumber = c.Command.VolunteerNumber + "2" } },
        _ => throw new ArgumentOutOfRangeException(nameof(command), Kind(command), "No other request for this command."),
    };

    /// <summary>The kind of command sent: the ledger's command where its id travels beside it.</summary>
    public static string Kind(IIdempotent command) => command.Command.GetType().Name;
}
