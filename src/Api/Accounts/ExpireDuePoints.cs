using Marten;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Policies;
using Wolverine;
using Wolverine.Attributes;

namespace TimeBank.Api.Accounts;

/// <summary>The scheduled job: find every account with a lot past its expiry and expire it, one account per message (the ledger's <see cref="ExpirePoints"/>).</summary>
/// <remarks>Its durable name is the one it was stored under before it moved (was <c>TimeBank.Api.Expiry</c>): messages in the inbox still find their handler.</remarks>
[MessageIdentity("TimeBank.Api.Expiry.ExpireDuePoints")]
public sealed record ExpireDuePoints;

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

public static class ExpireDuePointsHandler
{
    public static async Task Handle(ExpireDuePoints _, IQuerySession session, IMessageBus bus, TimeProvider clock, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var due = await session.Query<VolunteerAccount>()
            .Where(a => a.NextPointsExpiryAt != null && a.NextPointsExpiryAt <= now)
            .Select(a => a.Id)
            .ToListAsync(cancellation);
        foreach (var volunteerId in due)
        {
            await bus.PublishAsync(new ExpirePoints(volunteerId));
        }
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

/// <summary>Sends <see cref="ExpireDuePoints"/> shortly after start-up, then once an hour.</summary>
public sealed class PointsExpiryScheduler(IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<PointsExpiryScheduler> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>The first sweep waits this long after start-up: at once, it competed for the CPU with the first requests.</summary>
    public static readonly TimeSpan FirstSweepAfter = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            await lifetime.WhenStartedAsync(stoppingToken);
            await Task.Delay(FirstSweepAfter, stoppingToken);
            await RunAsync(timer, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RunAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
                var districts = scope.ServiceProvider.GetRequiredService<Districts.DistrictSettings>();
                if (!districts.IsOn)
                {
                    await bus.PublishAsync(new ExpireDuePoints());
                }

                // Districts mode: one sweep per district, in its own database (docs/adr/0047-a-database-per-district.md).
                foreach (var district in districts.Ids)
                {
                    await bus.PublishAsync(new ExpireDuePoints(), new DeliveryOptions { TenantId = district });
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not schedule points expiry; trying again in {Interval}", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
