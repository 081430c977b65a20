using Marten;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Policies;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.ErrorHandling;

namespace TimeBank.Api.Accounts;

/// <summary>
/// The scheduled job: find every account with a lot past its expiry and expire it, one account per message (the ledger's
/// <see cref="ExpirePoints"/>). Sent by Wolverine's recurring messages (<see cref="PointsExpirySchedule"/>), once per
/// occurrence across every node of the database (docs/adr/0046-several-nodes.md).
/// </summary>
/// <remarks>Its durable name is the one it was stored under before it moved (was <c>TimeBank.Api.Expiry</c>): messages in the inbox still find their handler.</remarks>
[MessageIdentity("TimeBank.Api.Expiry.ExpireDuePoints")]
public sealed record ExpireDuePoints
{
    /// <summary>
    /// Districts mode: the deduplication id of the city's occurrence this district's sweep belongs to (Wolverine 6.62 claims
    /// a deduplication id only in a single-database store, so the sweep's own document is the claim here). Null otherwise.
    /// </summary>
    public string? Occurrence { get; init; }
}

/// <summary>
/// One account's expiry as it was stored before the job sent the ledger's own <see cref="ExpirePoints"/> (the host's
/// message, first in <c>TimeBank.Api.Expiry</c>): one still in the inbox after an upgrade is handled as the command
/// (registered as a forwarder in <c>TimeBankHost</c>). The command itself is stored as <c>TimeBank.Ledger.Accounts.ExpirePoints</c>.
/// </summary>
[MessageIdentity("TimeBank.Api.Expiry.ExpireAccountPoints")]
public sealed record StoredExpireAccountPoints(Guid VolunteerId) : IForwardsTo<ExpirePoints>
{
    public ExpirePoints Transform() => new(VolunteerId);
}

/// <summary>
/// One run of the points-expiry job, kept for the operator: which occurrence of the schedule it was (its deduplication id,
/// <c>ExpireDuePoints:2026-12-07T05:00:00.0000000Z</c>), when it ran and how many accounts were due. Inserted in the run's
/// own transaction, with the expiries it sends: a second run of the same occurrence could not commit.
/// </summary>
public sealed record PointsExpirySweep(string Id, DateTimeOffset RanAt, int AccountsDue);

/// <summary>When the points-expiry job runs: the <c>PointsExpiry:Schedule</c> setting, a cron expression (UTC).</summary>
public static class PointsExpirySchedule
{
    public const string SettingName = "PointsExpiry:Schedule";

    /// <summary>Every hour, on the hour.</summary>
    public const string Hourly = "0 * * * *";

    /// <summary>The setting that turns the job off (a test that sends the expiries itself).</summary>
    public const string Off = "off";

    /// <summary>
    /// Registers the schedule with Wolverine, or nothing when it is off; a bad expression is a start-up problem. In districts
    /// mode the occurrence is sent on to every district (<see cref="ExpireDuePointsInEveryDistrict"/>).
    /// </summary>
    public static void Register(WolverineOptions options, IConfiguration configuration, bool inEveryDistrict)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        var expression = configuration[SettingName] is { Length: > 0 } configured ? configured.Trim() : Hourly;
        if (string.Equals(expression, Off, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        try
        {
            // Pre-scheduled as a durable scheduled message, whatever the cadence, so that a test's short schedule takes the
            // path the hourly one takes (a cadence the scheduled-message poller cannot keep is refused here).
            var schedule = new CronSchedule(expression, TimeZoneInfo.Utc);
            if (inEveryDistrict)
            {
                options.Schedules.ScheduleRecurring<ExpireDuePointsInEveryDistrict>(schedule).UseScheduledMessages();
            }
            else
            {
                options.Schedules.ScheduleRecurring<ExpireDuePoints>(schedule).UseScheduledMessages();
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new StartupProblem(
                $"{SettingName} is '{expression}'; it must be a cron expression (UTC, 5 fields, or 6 with seconds first) no more often than every {CronSchedule.MinimumScheduledMessagesCadence.TotalSeconds:0} s, such as '{Hourly}', or '{Off}'. {e.Message}", e);
        }
    }
}

/// <summary>
/// Districts mode: an occurrence of the job, in the city's store, which holds no accounts; sent on as one
/// <see cref="ExpireDuePointsInDistrict"/> per district, each swept in its own database (docs/adr/0047-a-database-per-district.md).
/// Each names the occurrence; a district that already recorded a sweep of it does not sweep again, so a second delivery
/// of an occurrence (a node died before the city's message was marked handled) runs nowhere twice.
/// </summary>
public sealed record ExpireDuePointsInEveryDistrict;

public static class ExpireDuePointsInEveryDistrictHandler
{
    public static async Task Handle(ExpireDuePointsInEveryDistrict _, Envelope envelope, Districts.DistrictSettings districts, IMessageBus bus)
    {
        foreach (var district in districts.Ids)
        {
            // Not stamped with the district: kept in the city's store, which answers while a district does not.
            await bus.PublishAsync(new ExpireDuePointsInDistrict(district, envelope.DeduplicationId));
        }
    }
}

/// <summary>
/// Districts mode: one district's part of an occurrence of the job, kept in the city's store (a message stamped with the
/// district would have to be stored in the district's database, and one that is down discarded it: that district's lots
/// expired a period late). It sweeps the district (<see cref="ExpireDuePoints"/>, in the district's own transaction);
/// while the district's database does not answer it waits and runs again (<see cref="ExpireDuePointsInDistrictHandler.Configure"/>),
/// on its own: the other districts' parts do not wait for it.
/// </summary>
public sealed record ExpireDuePointsInDistrict(string District, string? Occurrence);

public static class ExpireDuePointsInDistrictHandler
{
    /// <summary>The waits between the attempts on a district that does not answer: growing, then every minute until it does.</summary>
    public static readonly TimeSpan[] Cooldowns = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1)];

    /// <summary>
    /// A district's database that does not answer (Npgsql says so anywhere in the chain, <see cref="DatabaseOutage"/>): the
    /// part is scheduled again, in the city's store, never discarded or dead-lettered.
    /// </summary>
    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        chain.OnException(DatabaseOutage.IsCause, "the district's database does not answer").ScheduleRetryIndefinitely(Cooldowns);
    }

    public static Task Handle(ExpireDuePointsInDistrict message, IMessageBus bus, CancellationToken cancellation) =>
        bus.InvokeForTenantAsync(message.District, new ExpireDuePoints { Occurrence = message.Occurrence }, cancellation);
}

public static class ExpireDuePointsHandler
{
    public static async Task Handle(ExpireDuePoints message, Envelope envelope, IDocumentSession session, IMessageBus bus, TimeProvider clock, CancellationToken cancellation)
    {
        // Districts mode: this district already swept this occurrence (its sweep is the claim, committed with the expiries it sent).
        if (message.Occurrence is { } occurrence && await session.LoadAsync<PointsExpirySweep>(occurrence, cancellation) is not null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var due = await session.Query<VolunteerAccount>()
            .Where(a => a.NextPointsExpiryAt != null && a.NextPointsExpiryAt <= now)
            .Select(a => a.Id)
            .ToListAsync(cancellation);
        foreach (var volunteerId in due)
        {
            await bus.PublishAsync(new ExpirePoints(volunteerId));
        }

        // An occurrence of the schedule carries its deduplication id (in districts mode, the city's occurrence names it); a
        // run sent by hand is its own.
        session.Insert(new PointsExpirySweep(message.Occurrence ?? envelope.DeduplicationId ?? $"{nameof(ExpireDuePoints)}:manual:{envelope.Id}", now, due.Count));
    }

    /// <remarks>
    /// Points expire "by earning lot, 24 months after earning" (PRODUCT.md): each lot carries the expiry the policy gave it
    /// when it was credited, and the decider reads only that. The account's policy today does not count, so the product's
    /// default stands in for it.
    /// </remarks>
    public static async Task Handle(ExpirePoints message, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        // Locked like every other writer of the account: optimistically, it lost every race while verifications and
        // revocations, which credit the account themselves and take the lock (ADR 0027), kept it busy, until dead-lettered.
        var account = await session.Events.FetchForExclusiveWriting<VolunteerAccount>(message.VolunteerId, cancellation);
        account.AppendMany(VolunteerAccountDecider.Decide(message, account.Aggregate, LedgerPolicy.Default, clock.GetUtcNow()));
    }
}
