using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Marten;
using Marten.Events;
using TimeBank.Api.Tests.Host;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Communities;
using TimeBank.Api.Infrastructure;
using TimeBank.Api.Merchants;
using TimeBank.Api.Accounts.Redemptions;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Tests.Model;
using TimeBank.Ledger.Units;
using TimeBank.Projections;
using Xunit.Abstractions;
using Xunit.Sdk;
using Outcome = TimeBank.Ledger.Tests.Model.Outcome;
using Accepted = TimeBank.Ledger.Tests.Model.Accepted;
using Domain = TimeBank.Ledger.ServiceRecords;
using DomainAccounts = TimeBank.Ledger.Accounts;
using DomainMerchants = TimeBank.Ledger.Merchants;

namespace TimeBank.Api.Tests.Ledger;

/// <summary>
/// Model-based testing, the way ledger engines audit themselves: random command sequences (FsCheck) go through the real
/// service on PostgreSQL and through the pure model of the ledger; after every step each outcome, each record's status,
/// each account (points available, held, balance, debt, lots, holds, stars), each merchant's status, the trial balance
/// and the merchants' settlement statements must agree. The service runs on <see cref="ModelClock"/>, the model at the
/// same instants; a hold's expiry is the scheduled <c>ExpireHold</c> message, delivered by the test as the scheduler
/// would (at or, now and then, before its time), once the clock has passed the hold's end.
/// </summary>
public sealed class ModelBasedTests(ModelApp app, ITestOutputHelper output) : IClassFixture<ModelApp>
{
    private readonly List<Reach> reach = [];

    private const int Volunteers = 3;
    private const int MaxMerchants = 3;
    private const int MinSteps = 20;
    private const int MaxSteps = 40;

    public enum Move
    {
        Submit,
        Verify,
        Revoke,
        Reject,
        Repeat,
        RegisterMerchant,
        ChangeMerchant,
        IssueCode,
        Hold,
        Complete,
        Void,
        ExpireHold,
        Refund,
        Pause,
        ExpirePoints,
    }

    /// <summary>How far one history went: commands sent, and the events that matter most to the love bank.</summary>
    public sealed record Reach(int Commands, int Held, int Completed, int Voided, int Expired, int Refunded, int Debts, int Suspended, int PointsExpired)
    {
        public static Reach Sum(IReadOnlyCollection<Reach> all) => new(
            all.Sum(r => r.Commands), all.Sum(r => r.Held), all.Sum(r => r.Completed), all.Sum(r => r.Voided), all.Sum(r => r.Expired),
            all.Sum(r => r.Refunded), all.Sum(r => r.Debts), all.Sum(r => r.Suspended), all.Sum(r => r.PointsExpired));
    }

    /// <summary>One step of a history; its numbers pick among what exists when it runs (a volunteer, a record, a hold).</summary>
    public sealed record Step(Move Kind, int Who, int What, int Size, int Extra)
    {
        public override string ToString() => $"{Kind}({Who},{What},{Size},{Extra})";
    }

    private static readonly Gen<Step> StepGen =
        from kind in Gen.Frequency(
            (6, Gen.Constant(Move.Submit)), (5, Gen.Constant(Move.Verify)), (3, Gen.Constant(Move.Revoke)), (1, Gen.Constant(Move.Reject)),
            (1, Gen.Constant(Move.Repeat)), (3, Gen.Constant(Move.RegisterMerchant)), (2, Gen.Constant(Move.ChangeMerchant)),
            (2, Gen.Constant(Move.IssueCode)), (14, Gen.Constant(Move.Hold)), (4, Gen.Constant(Move.Complete)), (1, Gen.Constant(Move.Void)),
            (6, Gen.Constant(Move.ExpireHold)), (6, Gen.Constant(Move.Refund)), (1, Gen.Constant(Move.Pause)), (2, Gen.Constant(Move.ExpirePoints)))
        from who in Gen.Choose(0, Volunteers - 1)
        from what in Gen.Choose(0, 1000)
        from size in Gen.Frequency((1, Gen.Choose(-2, 0)), (12, Gen.Choose(1, 100)), (1, Gen.Choose(101, 120)))
        from extra in Gen.Choose(0, 99)
        select new Step(kind, who, what, size, extra);

    /// <summary>
    /// <c>TIMEBANK_MODEL_CASES</c> histories (default 24) from <c>TIMEBANK_MODEL_SEED</c> (default: a fresh seed, printed, so
    /// that a failing run can be repeated); then, while some kind of step has not been reached (hold expiries are the
    /// rarest), more histories of the same seed, up to three times as many, before the coverage fails.
    /// </summary>
    [Fact]
    public async Task The_service_agrees_with_the_model_and_the_auditor_after_every_step()
    {
        var cases = int.TryParse(Environment.GetEnvironmentVariable("TIMEBANK_MODEL_CASES"), out var n) && n > 0 ? n : 24;
        var seed = ulong.TryParse(Environment.GetEnvironmentVariable("TIMEBANK_MODEL_SEED"), out var given) ? given : (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        output.WriteLine($"TIMEBANK_MODEL_SEED={seed} TIMEBANK_MODEL_CASES={cases}");
        var histories = Gen.Choose(MinSteps, MaxSteps).SelectMany(length => Gen.ListOf(StepGen, length)).Select(steps => steps.ToList())
            .Sample(size: 50, seed: new Rnd(seed), numberOfSamples: cases * 3);
        var played = 0;
        foreach (var history in histories)
        {
            if (played >= cases && Missed(Reach.Sum(reach)).Count == 0)
            {
                break;
            }

            played++;
            if (await FailureOfAsync(history) is { } failure)
            {
                var (shortest, message) = await ShrinkAsync(history, failure);
                Assert.Fail(
                    $"The service, the model and the auditor disagree (TIMEBANK_MODEL_SEED={seed} TIMEBANK_MODEL_CASES={cases}). " +
                    $"Counterexample of {shortest.Count} steps (shrunk from {history.Count}): " +
                    $"[{string.Join(", ", shortest)}]{Environment.NewLine}{message}");
            }
        }

        var total = Reach.Sum(reach);
        output.WriteLine(
            $"{played} histories, {total.Commands} commands: {total.Held} holds, {total.Completed} completed, {total.Voided} voided, " +
            $"{total.Expired} hold expiries, {total.Refunded} refunds, {total.Debts} revocations into debt (in {reach.Count(r => r.Debts > 0)} histories), " +
            $"{total.Suspended} suspensions, {total.PointsExpired} points expiries.");
        var missed = Missed(total);
        Assert.True(missed.Count == 0, $"The {played} histories of TIMEBANK_MODEL_SEED={seed} never reached: {string.Join(", ", missed)}. Reached: {total}.");
    }

    /// <summary>The kinds of step the histories are required to reach and have not reached yet.</summary>
    private static List<string> Missed(Reach total) =>
        new (string What, int Count)[]
        {
            ("holds", total.Held), ("completions", total.Completed), ("voids", total.Voided), ("hold expiries", total.Expired),
            ("refunds", total.Refunded), ("revocations into debt", total.Debts), ("suspensions", total.Suspended), ("points expiries", total.PointsExpired),
        }.Where(r => r.Count == 0).Select(r => r.What).ToList();

    /// <summary>Runs a history on fresh ids; the disagreement with the commands that led to it, or null.</summary>
    private async Task<string?> FailureOfAsync(IReadOnlyList<Step> history)
    {
        var run = new HistoryRun(app);
        try
        {
            await run.RunAsync(history);
            reach.Add(run.Reach());
            return null;
        }
        catch (Exception e)
        {
            // A disagreement, or the service throwing where the model decided calmly: either is a counterexample.
            var what = e is XunitException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            return $"{what}{Environment.NewLine}Commands, in order:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", run.Log)}";
        }
    }

    /// <summary>Drops halves, then single steps, while the history still fails: a short counterexample is a readable one.</summary>
    private async Task<(IReadOnlyList<Step> History, string Message)> ShrinkAsync(IReadOnlyList<Step> history, string message)
    {
        var budget = 40;
        var shortest = history.ToList();
        for (var chunk = shortest.Count / 2; chunk >= 1 && budget > 0; chunk /= 2)
        {
            for (var start = shortest.Count - chunk; start >= 0 && budget > 0; start -= chunk)
            {
                var candidate = shortest.Take(start).Concat(shortest.Skip(start + chunk)).ToList();
                budget--;
                if (await FailureOfAsync(candidate) is { } failure)
                {
                    (shortest, message) = (candidate, failure);
                    start = Math.Min(start, shortest.Count - chunk + 1);
                }
            }
        }

        return (shortest, message);
    }

    /// <summary>One history: its city, what the till knows (codes, requests), and the model it is checked against.</summary>
    private sealed class HistoryRun(ModelApp app)
    {
        private readonly Guid communityId = Guid.CreateVersion7();
        private readonly Guid projectId = Guid.CreateVersion7();
        private readonly Guid[] volunteers = [.. Enumerable.Range(0, Volunteers).Select(_ => Guid.CreateVersion7())];
        private readonly List<Guid> records = [];
        private readonly List<(Guid Id, Actor Cashier)> merchants = [];
        private readonly Dictionary<string, Guid> codeLookup = [];
        private readonly Dictionary<Guid, string> latestCode = [];
        private readonly List<(Idempotent<DomainAccounts.HoldPoints> Service, DomainAccounts.HoldPoints Model)> holdRequests = [];
        private readonly List<(Idempotent<RefundPoints> Service, RefundPoints Model)> refundRequests = [];
        private readonly Dictionary<(Guid Merchant, DateTimeOffset Minute), int> wrongCodes = [];
        private readonly HashSet<Guid> remembered = [];
        private Actor staff = null!;
        private Actor verifier = null!;
        private LedgerModel model = null!;
        private Auditor auditor = null!;
        private (Guid Id, object ModelCommand, IIdempotent ServiceCommand, string Description)? last;
        private DateTimeOffset started;
        private DateTimeOffset startedReally;

        public List<string> Log { get; } = [];

        /// <summary>How far the history went: commands sent, and the events that matter most to the love bank.</summary>
        public Reach Reach()
        {
            var events = volunteers.SelectMany(model.AccountStream).ToList();
            return new(remembered.Count, events.OfType<PointsHeld>().Count(), events.OfType<HoldCompleted>().Count(), events.OfType<HoldVoided>().Count(),
                events.OfType<HoldExpired>().Count(), events.OfType<PointsRefunded>().Count(),
                events.OfType<ServiceCreditRevoked>().Count(e => e.PointsDebtIncurred > 0),
                merchants.Sum(m => model.MerchantStream(m.Id).OfType<MerchantSuspended>().Count()), events.OfType<PointsExpired>().Count());
        }

        private ModelClock Clock => app.Clock;

        private DateTimeOffset Now => Clock.Now;

        public async Task RunAsync(IReadOnlyList<Step> history)
        {
            Clock.CatchUpWithSystem();
            started = Now;
            startedReally = DateTimeOffset.UtcNow;
            staff = Actor.Staff(Guid.CreateVersion7(), communityId);
            verifier = Actor.Staff(Guid.CreateVersion7(), communityId);
            model = new LedgerModel(app.Services.GetRequiredService<PolicyBook>().For(ModelApp.District));
            model.RegisterCommunity(communityId, "八大关社区", staff.PersonId, verifier.PersonId);
            model.PublishProject(projectId, communityId, "助老服务", "elderly", 120, true, "活动室");
            auditor = new Auditor(AuditRules.Of(model.Policy));
            auditor.PublishProject(projectId, communityId, "elderly", 120, earnsTimeCredits: true);
            TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new RegisterCommunity(communityId, "八大关社区", "八大关街道", ModelApp.District, TimeBankApp.CityAdmin))));
            TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new AssignStaff(communityId, staff.PersonId, TimeBankApp.CityAdmin))));
            TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new AssignStaff(communityId, verifier.PersonId, TimeBankApp.CityAdmin))));
            TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new PublishProject(projectId, communityId, "助老服务", "elderly", 120, true, "活动室", staff))));
            foreach (var volunteer in volunteers)
            {
                Assert.IsType<Accepted>(model.RegisterVolunteer(volunteer, communityId, "V", Now));
                auditor.RegisterVolunteer(volunteer, communityId);
                TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new DomainAccounts.RegisterVolunteer(volunteer, communityId, "V-" + volunteer.ToString("N")[^12..], staff, new PersonalDetails("志愿者")))));
            }

            // The community's love supermarket is open from the start (the random steps add, suspend and reinstate merchants).
            await RegisterMerchantAsync(new Step(Move.RegisterMerchant, 0, 0, 0, 1));
            foreach (var step in history)
            {
                // Every step takes a little time, as at a real till.
                Clock.Advance(TimeSpan.FromSeconds(10));
                await StepAsync(step);
            }
        }

        private Task StepAsync(Step step) => step.Kind switch
        {
            Move.Submit => SubmitAsync(step),
            Move.Verify => WithRecordAsync(step, RecordStatus.Submitted, id => ActAsync(
                $"verify record {Name(id)}", Guid.CreateVersion7(), new VerifyServiceRecord(id, verifier), c => Idempotent.Of(c, new Domain.VerifyServiceRecords([id], verifier)))),
            Move.Revoke => WithRecordAsync(step, RecordStatus.Credited, WouldLeaveDebt, id => ActAsync(
                $"revoke record {Name(id)}", Guid.CreateVersion7(), new Domain.RevokeServiceRecord(id, "登记有误", staff), c => Idempotent.Of(c, new Domain.RevokeServiceRecord(id, "登记有误", staff)))),
            Move.Reject => WithRecordAsync(step, RecordStatus.Submitted, id => ActAsync(
                $"reject record {Name(id)}", Guid.CreateVersion7(), new Domain.RejectServiceRecord(id, "时间不符", staff), c => Idempotent.Of(c, new Domain.RejectServiceRecord(id, "时间不符", staff)))),
            Move.Repeat => last is { } l ? ActAsync($"again: {l.Description}", l.Id, l.ModelCommand, _ => l.ServiceCommand) : Task.CompletedTask,
            Move.RegisterMerchant => RegisterMerchantAsync(step),
            Move.ChangeMerchant => ChangeMerchantAsync(step),
            Move.IssueCode => IssueCodeAsync(volunteers[step.Who]),
            Move.Hold => TillSaleAsync(step),
            Move.Complete => WithHoldAsync(step, open: true, (volunteer, hold, cashier) => ActAsync(
                $"{Name(cashier)} completes hold {Name(hold.HoldId)}", Guid.CreateVersion7(), new DomainAccounts.CompleteHold(volunteer, hold.HoldId, cashier),
                c => Idempotent.Of(c, DomainAccounts.CompleteHold.AtTill(cashier, hold.HoldId)))),
            Move.Void => WithHoldAsync(step, open: true, (volunteer, hold, cashier) => ActAsync(
                $"{Name(cashier)} voids hold {Name(hold.HoldId)}", Guid.CreateVersion7(), new DomainAccounts.VoidHold(volunteer, hold.HoldId, cashier),
                c => Idempotent.Of(c, DomainAccounts.VoidHold.AtTill(cashier, hold.HoldId)))),
            Move.ExpireHold => WithHoldAsync(step, open: true, (volunteer, hold, _) => ExpireHoldAsync(step, volunteer, hold)),
            Move.Refund => WithHoldAsync(step, open: false, (volunteer, hold, cashier) => RefundAsync(step, volunteer, hold, cashier)),
            Move.Pause => PauseAsync(step),
            Move.ExpirePoints => ExpirePointsAsync(step),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step.Kind, "Unknown move."),
        };

        /// <summary>Staff record a service; half the time the other staff member verifies it at once.</summary>
        private async Task SubmitAsync(Step step)
        {
            var recordId = Guid.CreateVersion7();
            records.Add(recordId);
            var volunteer = volunteers[step.Who];
            var (start, end) = TestCity.Slot(step.What % 4, 6 + (step.Extra % 15), 30 * (1 + (step.Extra % 5)));
            // Travel excluded: now and then a few minutes less than the slot, so that points are rounded down.
            var minutes = (long)(end - start).TotalMinutes - (step.Size > 0 ? step.Size % 10 : 0);
            var submitted = await ActAsync(
                $"submit record {Name(recordId)}: {Name(volunteer)} served {minutes} min on {start:MM-dd HH:mm}", Guid.CreateVersion7(),
                new Domain.SubmitServiceRecord(recordId, volunteer, projectId, start, end, minutes, "陪伴老人", null, null, 5, "张主任", staff),
                c => Idempotent.Of(c, new Domain.SubmitServiceRecord(recordId, volunteer, projectId, start, end, minutes, "陪伴老人", null, null, 5, "张主任", staff)));
            if (submitted is Accepted && step.Size % 2 == 0)
            {
                await ActAsync($"verify record {Name(recordId)}", Guid.CreateVersion7(), new VerifyServiceRecord(recordId, verifier),
                    c => Idempotent.Of(c, new Domain.VerifyServiceRecords([recordId], verifier)));
            }
        }

        private Task WithRecordAsync(Step step, RecordStatus fitting, Func<Guid, Task> act) => WithRecordAsync(step, fitting, _ => false, act);

        /// <summary>
        /// Mostly a record the command fits (so that histories go deep), half of those time one that is <paramref name="preferred"/>
        /// if there is one; now and then any record.
        /// </summary>
        private Task WithRecordAsync(Step step, RecordStatus fitting, Func<Guid, bool> preferred, Func<Guid, Task> act)
        {
            var fits = records.Where(r => model.RecordState(r)?.Status == fitting).ToList();
            if (step.Size % 2 == 0 && fits.Where(preferred).ToList() is { Count: > 0 } best)
            {
                fits = best;
            }

            var candidates = fits.Count > 0 && step.Extra % 5 != 0 ? fits : records;
            return candidates.Count == 0 ? Task.CompletedTask : act(candidates[step.What % candidates.Count]);
        }

        /// <summary>A revocation of this record would take back points already spent or held: debt.</summary>
        private bool WouldLeaveDebt(Guid recordId)
        {
            var record = model.RecordState(recordId)!;
            var account = model.AccountState(record.VolunteerId)!;
            return account.Credits.GetValueOrDefault(recordId) is { } credit && credit.Points > account.AvailablePoints;
        }

        /// <summary>The community takes a merchant on, and mostly approves it at once.</summary>
        private async Task RegisterMerchantAsync(Step step)
        {
            if (merchants.Count == MaxMerchants)
            {
                return;
            }

            var merchantId = Guid.CreateVersion7();
            merchants.Add((merchantId, Actor.Merchant(Guid.CreateVersion7(), merchantId)));
            var name = $"爱心超市{merchants.Count}";
            await ActAsync(
                $"register merchant {Name(merchantId)}", Guid.CreateVersion7(), new DomainMerchants.RegisterMerchant(merchantId, communityId, name, staff),
                c => Idempotent.Of(c, new DomainMerchants.RegisterMerchant(merchantId, communityId, name, staff)));
            if (step.Extra % 4 != 0)
            {
                await ActAsync($"staff approves {Name(merchantId)}", Guid.CreateVersion7(), new DomainMerchants.ApproveMerchant(merchantId, staff),
                    c => Idempotent.Of(c, new DomainMerchants.ApproveMerchant(merchantId, staff)));
            }
        }

        /// <summary>Mostly the next step of the merchant's lifecycle by staff; now and then any step, or the merchant's own cashier trying.</summary>
        private Task ChangeMerchantAsync(Step step)
        {
            if (merchants.Count == 0)
            {
                return Task.CompletedTask;
            }

            // A merchant waiting for approval or reinstatement first, if any: suspensions should not starve the tills.
            var waiting = merchants.Where(m => !model.MerchantState(m.Id)!.IsApproved).ToList();
            var (merchantId, cashier) = waiting.Count > 0 && step.Size % 3 != 0 ? waiting[step.What % waiting.Count] : merchants[step.What % merchants.Count];
            var actor = step.Extra % 13 == 0 ? cashier : staff;
            var action = step.Extra % 4 == 0
                ? step.Size % 3
                : model.MerchantState(merchantId)?.Status switch { MerchantStatus.Pending => 0, MerchantStatus.Approved => 1, _ => 2 };
            return action switch
            {
                0 => ActAsync($"{Name(actor)} approves {Name(merchantId)}", Guid.CreateVersion7(), new DomainMerchants.ApproveMerchant(merchantId, actor),
                    c => Idempotent.Of(c, new DomainMerchants.ApproveMerchant(merchantId, actor))),
                1 => ActAsync($"{Name(actor)} suspends {Name(merchantId)}", Guid.CreateVersion7(), new DomainMerchants.SuspendMerchant(merchantId, "投诉核查中", actor),
                    c => Idempotent.Of(c, new DomainMerchants.SuspendMerchant(merchantId, "投诉核查中", actor))),
                _ => ActAsync($"{Name(actor)} reinstates {Name(merchantId)}", Guid.CreateVersion7(), new DomainMerchants.ReinstateMerchant(merchantId, actor),
                    c => Idempotent.Of(c, new DomainMerchants.ReinstateMerchant(merchantId, actor))),
            };
        }

        /// <summary>The service draws the code; the model is told which one (the only input the model cannot choose).</summary>
        private async Task IssueCodeAsync(Guid volunteer)
        {
            var commandId = Guid.CreateVersion7();
            var actor = Actor.Volunteer(volunteer);
            var command = Idempotent.Of(commandId, DomainAccounts.IssueRedemptionCode.Asked(actor));
            Log.Add($"{Name(volunteer)} asks for a code");
            var actual = await app.SendAsync(command);
            var code = actual.Accepted ? actual.IssuedCode ?? "-" : "-";
            var modelCommand = new DomainAccounts.IssueRedemptionCode(volunteer, code, actor);
            Log[^1] += $": {code}";
            var expected = model.Execute(commandId, modelCommand, Now);
            var verdict = auditor.Execute(commandId, modelCommand, Now);
            remembered.Add(commandId);
            last = (commandId, modelCommand, command, $"{Name(volunteer)} asks for a code");
            AgreeOn(command, expected, actual);
            AgreeOn(command, verdict, actual);
            if (expected is Accepted)
            {
                // Earlier codes stay good until used or expired (several live codes per volunteer).
                latestCode[volunteer] = code;
                codeLookup[code] = volunteer;
            }

            await AgreeAsync();
        }

        /// <summary>
        /// A sale at a till: often a fresh code first, then the hold (a share of what is available, more than there is, or
        /// a bad amount; mostly the volunteer's latest code, now and then a wrong one; now and then a retry of an earlier
        /// till request), then now and then the sale completed or voided at once.
        /// </summary>
        private async Task TillSaleAsync(Step step)
        {
            if (merchants.Count == 0)
            {
                return;
            }

            // Mostly a volunteer with points to spend, if there is one; now and then anyone.
            var spenders = volunteers.Where(v => model.AccountState(v)!.AvailablePoints > 0).ToList();
            var volunteer = spenders.Count > 0 && step.Extra % 6 != 0 ? spenders[step.Who % spenders.Count] : volunteers[step.Who];
            if (step.Extra % 4 != 0)
            {
                await IssueCodeAsync(volunteer);
            }

            Clock.Advance(TimeSpan.FromSeconds(20));
            Idempotent<DomainAccounts.HoldPoints> sent;
            DomainAccounts.HoldPoints modelHold;
            if (step.Extra % 9 == 4 && holdRequests.Count > 0)
            {
                (sent, modelHold) = holdRequests[step.What % holdRequests.Count];
            }
            else
            {
                // Mostly an approved merchant, if any (a till only sells there); now and then any, which may be refused.
                var open = merchants.Where(m => model.MerchantState(m.Id)?.IsApproved == true).ToList();
                var (merchantId, cashier) = open.Count > 0 && step.Size % 5 != 0 ? open[step.What % open.Count] : merchants[step.What % merchants.Count];
                var available = model.AccountState(volunteer)!.AvailablePoints;
                var amount = step.Size switch
                {
                    <= 0 => step.Size,
                    > 100 => available + step.Size - 100,
                    _ => Math.Max(1, available * step.Size / 100),
                };
                var code = step.Extra % 20 == 7 ? $"{step.What:D8}" : latestCode.GetValueOrDefault(volunteer, "22222222");
                sent = TillRequests.Hold(cashier, code, amount, Guid.NewGuid());

                // The till knows nothing but the code: the volunteer is whoever the code belongs to, if anyone.
                var owner = codeLookup.GetValueOrDefault(code);
                modelHold = new DomainAccounts.HoldPoints(owner, sent.Command.HoldId, merchantId, code, amount, sent.Command.TillRequestId, cashier);
                holdRequests.Add((sent, modelHold));
            }

            var hold = sent.Command;
            var outcome = await ActAsync(
                $"{Name(hold.Actor)} holds {hold.Amount} with code {hold.Code} (till request {Name(hold.TillRequestId)}) as hold {Name(hold.HoldId)}",
                sent.CommandId, modelHold, _ => sent, guessing: hold.Actor.MerchantId);
            if (outcome is Accepted && model.HoldState(hold.HoldId) is { IsOpen: true })
            {
                codeLookup.Remove(hold.Code);
                Clock.Advance(TimeSpan.FromSeconds(30));
                switch (step.Extra % 5)
                {
                    case 0 or 2:
                        await ActAsync($"{Name(hold.Actor)} completes hold {Name(hold.HoldId)}", Guid.CreateVersion7(),
                            new DomainAccounts.CompleteHold(modelHold.VolunteerId, hold.HoldId, hold.Actor), c => Idempotent.Of(c, DomainAccounts.CompleteHold.AtTill(hold.Actor, hold.HoldId)));
                        break;
                    case 1:
                        await ActAsync($"{Name(hold.Actor)} voids hold {Name(hold.HoldId)}", Guid.CreateVersion7(),
                            new DomainAccounts.VoidHold(modelHold.VolunteerId, hold.HoldId, hold.Actor), c => Idempotent.Of(c, DomainAccounts.VoidHold.AtTill(hold.Actor, hold.HoldId)));
                        break;
                }
            }
        }

        /// <summary>Mostly a hold the command fits (open, or completed for a refund); the merchant's cashier, now and then another merchant's.</summary>
        private Task WithHoldAsync(Step step, bool open, Func<Guid, Hold, Actor, Task> act)
        {
            var existing = model.Holds.Values
                .Where(h => volunteers.Contains(h.VolunteerId))
                .Select(h => (Volunteer: h.VolunteerId, Hold: h))
                .OrderBy(h => h.Hold.HeldAt).ThenBy(h => h.Hold.HoldId)
                .ToList();
            var fits = existing.Where(h => open ? h.Hold.IsOpen : h.Hold.Status == HoldStatus.Completed).ToList();
            var candidates = fits.Count > 0 && step.Extra % 5 != 0 ? fits : existing;
            if (candidates.Count == 0)
            {
                return Task.CompletedTask;
            }

            var (volunteer, hold) = candidates[step.What % candidates.Count];
            var index = merchants.FindIndex(m => m.Id == hold.MerchantId);
            var cashier = merchants[step.Extra % 17 == 3 ? (index + 1) % merchants.Count : index].Cashier;
            return act(volunteer, hold, cashier);
        }

        /// <summary>
        /// What the scheduler does when the hold's time comes: deliver <c>ExpireHold</c>. Mostly the clock is moved to the
        /// hold's end first; now and then the message comes early (another instance's clock), which must change nothing.
        /// </summary>
        private async Task ExpireHoldAsync(Step step, Guid volunteer, Hold hold)
        {
            if (step.Extra % 4 != 0 && Now < hold.ExpiresAt)
            {
                Clock.Advance(hold.ExpiresAt - Now);
            }

            Log.Add($"the scheduler delivers ExpireHold for hold {Name(hold.HoldId)} at {Now:HH:mm:ss} (ends {hold.ExpiresAt:HH:mm:ss})");
            if (Now >= hold.ExpiresAt && model.HoldState(hold.HoldId)!.IsOpen)
            {
                Assert.IsType<Accepted>(model.Execute(Guid.CreateVersion7(), new DomainAccounts.ExpireHold(volunteer, hold.HoldId), Now));
            }

            // The auditor is told every delivery: an early one is refused (not yet due), a late one finds nothing to do.
            auditor.Execute(Guid.CreateVersion7(), new DomainAccounts.ExpireHold(volunteer, hold.HoldId), Now);

            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>().InvokeAsync(new DomainAccounts.ExpireHold(volunteer, hold.HoldId));
            }

            await AgreeAsync();
        }

        /// <summary>A share of what is left to refund (or more, or a bad amount); now and then a retry of an earlier refund request.</summary>
        private Task RefundAsync(Step step, Guid volunteer, Hold hold, Actor cashier)
        {
            if (step.Extra % 9 == 4 && refundRequests.Count > 0)
            {
                var (again, againModel) = refundRequests[step.What % refundRequests.Count];
                return ActAsync($"{Name(again.Actor)} refunds {again.Command.Amount} of hold {Name(again.Command.HoldId)} again (till request {Name(again.Command.TillRequestId)})",
                    again.CommandId, againModel, _ => again);
            }

            var refundable = hold.Amount - hold.Refunded;
            var amount = step.Size switch
            {
                <= 0 => step.Size,
                > 100 => refundable + step.Size - 100,
                _ => Math.Max(1, refundable * step.Size / 100),
            };
            var refund = TillRequests.Refund(cashier, hold.HoldId, amount, Guid.NewGuid());
            var modelRefund = new RefundPoints(volunteer, hold.HoldId, amount, refund.Command.TillRequestId, cashier);
            refundRequests.Add((refund, modelRefund));
            return ActAsync($"{Name(cashier)} refunds {amount} of hold {Name(hold.HoldId)} (till request {Name(refund.Command.TillRequestId)})",
                refund.CommandId, modelRefund, _ => refund);
        }

        private Task PauseAsync(Step step)
        {
            // Often past a code's two minutes, now and then past a hold's fifteen.
            var minutes = step.Size <= 0 ? 1 : 1 + (step.Size % 20);
            Clock.Advance(TimeSpan.FromMinutes(minutes));
            Log.Add($"{minutes} min pass");
            return Task.CompletedTask;
        }

        /// <summary>
        /// Sends one command to the service and to the model under the same id, compares the outcomes, then everything.
        /// A hold is first checked against the till's count of wrong codes this minute (the API's rule, not the ledger's):
        /// at the limit the service refuses without deciding, and does not remember the refusal.
        /// </summary>
        /// <summary>
        /// The expiry job's message for one account, after the clock has mostly moved to the soonest lot's expiry (a month
        /// after earning in this district); now and then for an account with nothing due, which must change nothing.
        /// </summary>
        private async Task ExpirePointsAsync(Step step)
        {
            var lots = volunteers.SelectMany(v => auditor.Volunteers[v].Lots.Where(l => l.Remaining > 0).Select(l => (Volunteer: v, Lot: l))).ToList();
            if (lots.Count > 0 && step.Extra % 4 != 0)
            {
                var soonest = lots.MinBy(l => l.Lot.ExpiresAt);
                if (soonest.Lot.ExpiresAt > Now)
                {
                    Clock.Advance(soonest.Lot.ExpiresAt - Now);
                }
            }

            var due = lots.Where(l => l.Lot.ExpiresAt <= Now).Select(l => l.Volunteer).Distinct().ToList();
            var volunteer = due.Count > 0 && step.Size % 3 != 0 ? due[step.Who % due.Count] : volunteers[step.Who];
            Log.Add($"the expiry job expires the due points of {Name(volunteer)} at {Now:yyyy-MM-dd HH:mm:ss}");
            model.Execute(Guid.CreateVersion7(), new ExpirePoints(volunteer), Now);
            auditor.Execute(Guid.CreateVersion7(), new ExpirePoints(volunteer), Now);
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>().InvokeAsync(new ExpirePoints(volunteer));
            }

            await AgreeAsync();
        }

        private async Task<Outcome> ActAsync(
            string description, Guid commandId, object modelCommand, Func<Guid, IIdempotent> serviceCommand, Guid? guessing = null)
        {
            Log.Add(description);
            var command = serviceCommand(commandId);
            var replay = remembered.Contains(commandId);
            var minute = CodeGuessingLimit.MinuteOf(Now);
            Outcome expected;
            Verdict? verdict = null;
            if (!replay && guessing is { } merchant && wrongCodes.GetValueOrDefault((merchant, minute)) >= 5)
            {
                expected = new Refused(RefusalCodes.TooManyCodeAttempts, "five wrong codes this minute");
            }
            else
            {
                expected = model.Execute(commandId, modelCommand, Now);
                verdict = auditor.Execute(commandId, modelCommand, Now);
                remembered.Add(commandId);
                if (!replay && guessing is { } guesser && expected is Refused { Code: RefusalCodes.RedemptionCodeInvalid })
                {
                    wrongCodes[(guesser, minute)] = wrongCodes.GetValueOrDefault((guesser, minute)) + 1;
                }
            }

            var actual = await app.SendAsync(command);
            last = (commandId, modelCommand, command, description);
            Log[^1] += expected is Refused r ? $" → refused {r.Code}" : " → accepted";
            AgreeOn(command, expected, actual);
            if (verdict is not null)
            {
                AgreeOn(command, verdict, actual);
            }

            await AgreeAsync();
            return expected;
        }

        private static void AgreeOn(IIdempotent command, Verdict audited, CommandOutcome actual)
        {
            Assert.True(
                (audited.Code is null) == actual.Accepted && (audited.Code is null || audited.Code == actual.Code),
                $"{PipelineHistory.Kind(command)}: the auditor says {audited}, the service {(actual.Accepted ? "accepted" : $"refused {actual.Code} ({actual.Message})")}");
        }

        private static void AgreeOn(IIdempotent command, Outcome expected, CommandOutcome actual)
        {
            Assert.True(expected is Accepted == actual.Accepted, $"{PipelineHistory.Kind(command)}: model {expected}, service {actual.Code} {actual.Message}");
            if (expected is Refused refused)
            {
                Assert.True(refused.Code == actual.Code, $"{PipelineHistory.Kind(command)}: model refused {refused.Code} ({refused.Message}), service {actual.Code} ({actual.Message})");
            }
        }

        private async Task AgreeAsync()
        {
            // The model and the service both credit in the verification itself; the bounded wait only guards the comparison.
            var city = new TestCity(app, communityId, staff, verifier, projectId);
            var books = new List<string>();
            foreach (var recordId in records)
            {
                if (model.RecordState(recordId) is { } expected)
                {
                    await city.UntilAsync(recordId, expected.Status);
                    books.Add(AuditReport.Record(recordId, (await app.LoadAsync<ServiceRecord>(recordId))!.Status.ToString()));
                }
                else
                {
                    Assert.Null(await app.LoadAsync<ServiceRecord>(recordId));
                }
            }

            foreach (var volunteer in volunteers)
            {
                var expected = model.AccountState(volunteer)!;
                var actual = await city.UntilAccountAsync(volunteer, a =>
                    a.Credits.Count == expected.Credits.Count && a.Credits.Values.Count(c => c.Revoked) == expected.Credits.Values.Count(c => c.Revoked));
                Assert.Equal(Account(expected), Account(actual));
                Assert.Equal(Lots(expected), Lots(actual));
                Assert.Equal(Holds(expected.Holds.Values), Holds(actual.Holds.Values));
                Assert.Equal(model.BalanceOf(AccountId.Volunteer(volunteer), LedgerUnit.Points), actual.PointsBalance);
                books.AddRange(AuditReport.Of(actual));
            }

            // Every hold, open or ended, as the hold documents have it.
            await using (var holds = app.Store.QuerySession())
            {
                var stored = (await holds.Query<Hold>().ToListAsync()).Where(h => volunteers.Contains(h.VolunteerId)).ToList();
                books.AddRange(stored.Select(AuditReport.Of));
                Assert.Equal(Holds(model.Holds.Values.Where(h => volunteers.Contains(h.VolunteerId))), Holds(stored));
            }

            foreach (var (merchantId, _) in merchants)
            {
                var merchant = await app.LoadAsync<Merchant>(merchantId);
                Assert.Equal(model.MerchantState(merchantId)?.Status, merchant?.Status);
                if (merchant is not null)
                {
                    books.Add(AuditReport.Merchant(merchantId, merchant.Status.ToString()));
                }
            }

            // The trial balance and the statements are asynchronous projections: wait for the daemon.
            await CaughtUpAsync();
            await app.Store.CaughtUpAsync();
            await using var session = app.Store.QuerySession();
            var lines = await session.Query<LedgerAccountBalance>().ToListAsync();
            Assert.Equal((0L, 0L, 0L), (lines.Sum(l => l.ServiceMinutes), lines.Sum(l => l.TimeCredits), lines.Sum(l => l.Points)));
            var byAccount = lines.ToDictionary(l => l.Id);
            var ours = new[] { communityId }.Concat(volunteers).Concat(merchants.Select(m => m.Id)).Select(id => id.ToString()).ToList();
            foreach (var line in lines.Where(l => ours.Any(id => l.Id.Contains(id, StringComparison.Ordinal))))
            {
                books.AddRange(new[] { (LedgerUnit.ServiceMinutes, line.ServiceMinutes), (LedgerUnit.TimeCredits, line.TimeCredits), (LedgerUnit.Points, line.Points) }
                    .Where(b => b.Item2 != 0).Select(b => AuditReport.Balance(line.Id, b.Item1, b.Item2)));
            }

            var differences = AuditReport.Of(auditor).Differences(new AuditReport(books));
            Assert.True(differences.Length == 0, $"The auditor's books and the service's disagree:{Environment.NewLine}{differences}");
            foreach (var ((account, unit), amount) in model.TrialBalance())
            {
                var line = byAccount.GetValueOrDefault(account.Value);
                var actual = unit switch
                {
                    LedgerUnit.ServiceMinutes => line?.ServiceMinutes,
                    LedgerUnit.TimeCredits => line?.TimeCredits,
                    _ => line?.Points,
                } ?? 0;
                Assert.True(amount == actual, $"Trial balance of {account} in {unit}: model {amount}, service {actual}");
            }

            // Statement days are those of the events' stored timestamps (the database's clock), not the model clock's: take
            // a period that holds both, from the history's start to now.
            // The model clock may run far ahead of the system's (points expire a month after earning): then read the two
            // periods, this history's on each clock, and add them up.
            var (first, latest) = (started < startedReally ? started : startedReally, Now > DateTimeOffset.UtcNow ? Now : DateTimeOffset.UtcNow);
            var periods = latest - first < TimeSpan.FromDays(SettlementStatement.MaxDays - 3)
                ? [(Day(first, -1), Day(latest, 1))]
                : new[] { (Day(startedReally, -1), Day(DateTimeOffset.UtcNow, 1)), (Day(started, -1), Day(Now, 1)) };
            foreach (var (merchantId, _) in merchants)
            {
                var read = new List<SettlementStatement>();
                foreach (var (from, to) in periods)
                {
                    read.Add(await SettlementStatement.ReadAsync(session, merchantId, from, to, false, CancellationToken.None));
                }

                Assert.Equal(
                    Settlement(merchantId),
                    (read.Sum(r => r.Redeemed), read.Sum(r => r.Refunded), read.Sum(r => r.Net), read.Sum(r => r.Redemptions), read.Sum(r => r.Refunds)));
            }
        }

        private static DateOnly Day(DateTimeOffset at, int plusDays) => DateOnly.FromDateTime(at.UtcDateTime).AddDays(plusDays);

        /// <summary>
        /// Marten's wait looks every quarter second; the daemon here polls every 20 ms, so look as often first (bounded by
        /// the wait that follows), to keep a step's check quick.
        /// </summary>
        private async Task CaughtUpAsync()
        {
            for (var look = 0; look < 100; look++)
            {
                var statistics = await app.Store.Advanced.FetchEventStoreStatistics();
                var progress = await app.Store.Advanced.AllProjectionProgress();
                if (progress.Count > 0 && progress.All(p => p.Sequence >= statistics.EventSequenceNumber))
                {
                    return;
                }

                await Task.Delay(10);
            }
        }

        /// <summary>What the merchant's statement must say: every completion and refund in the model's streams.</summary>
        private (long Redeemed, long Refunded, long Net, int Redemptions, int Refunds) Settlement(Guid merchantId)
        {
            var events = volunteers.SelectMany(model.AccountStream).ToList();
            var completed = events.OfType<HoldCompleted>().Where(e => e.MerchantId == merchantId).ToList();
            var refunded = events.OfType<PointsRefunded>().Where(e => e.MerchantId == merchantId).ToList();
            var redeemed = completed.Sum(e => e.Amount);
            var back = refunded.Sum(e => e.Amount);
            return (redeemed, back, redeemed - back, completed.Count, refunded.Count);
        }

        private static (long Minutes, long Credits, long CreditDebt, long Available, long Held, long Balance, long Debt, int Stars) Account(VolunteerAccount a) =>
            (a.ServiceMinutes, a.TimeCredits, a.TimeCreditDebt, a.AvailablePoints, a.HeldPoints, a.PointsBalance, a.PointsDebt, a.StarLevel);

        private static string Lots(VolunteerAccount a) =>
            string.Join("; ", a.Lots.Select(l => $"{l.LotId:N}: earned {l.Earned}, remaining {l.Remaining}, held {l.Held}, expired {l.Expired}"));

        private static string Holds(IEnumerable<Hold> holds) =>
            string.Join("; ", holds.OrderBy(h => h.HoldId).Select(h => $"{h.HoldId:N}: {h.Status} {h.Amount}, refunded {h.Refunded}"));

        /// <summary>Short names for the log: ids are fresh per history and unreadable in full.</summary>
        private string Name(Guid id)
        {
            var volunteer = Array.IndexOf(volunteers, id);
            if (volunteer >= 0)
            {
                return $"volunteer {volunteer}";
            }

            var merchant = merchants.FindIndex(m => m.Id == id);
            return merchant >= 0 ? $"merchant {merchant}" : id.ToString("N", CultureInfo.InvariantCulture)[^6..];
        }

        private string Name(Actor actor) =>
            actor.MerchantId is { } merchantId ? $"cashier of {Name(merchantId)}" : actor.PersonId == staff.PersonId ? "staff" : Name(actor.PersonId);
    }
}
