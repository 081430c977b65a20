using Marten;
using Wolverine.Persistence.Durability;
using Wolverine.Runtime;

namespace TimeBank.Api.Districts;

/// <summary>
/// Districts mode only (ADR 0047): each district's schema (Marten's events, documents and projections' tables, and
/// Wolverine's message tables in that database) applied district by district, in place of Marten's
/// <c>ApplyAllDatabaseChangesOnStartup</c>, which connects to every district at once and stops the start when one is down.
/// A district whose database does not answer is logged, refused per request (<c>DISTRICT_UNAVAILABLE</c>) and tried
/// again every few seconds; once it answers its schema is applied and its requests are accepted again, without a restart
/// (proved by DistrictTests, ADR 0047).
/// </summary>
public sealed class DistrictSchemas(
    IDocumentStore store, IWolverineRuntime runtime, DistrictSettings districts, ILogger<DistrictSchemas> logger) : BackgroundService, IHostedLifecycleService
{
    /// <summary>How often a district that is down is tried again.</summary>
    public static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Before any hosted service starts (Marten's daemon, Wolverine's runtime): Wolverine's tables in the city database
    /// (its main store; the city down stops the start, as before) and Marten's schema in each district that answers.
    /// </summary>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        foreach (var district in districts.Ids)
        {
            districts.MarkUnavailable(district);
        }

        var main = runtime.Storage is MultiTenantedMessageStore multi ? multi.Main : runtime.Storage;
        await main.Admin.MigrateAsync();
        foreach (var district in districts.Ids)
        {
            try
            {
                await (await store.Storage.FindOrCreateDatabase(district)).ApplyAllConfiguredChangesToDatabaseAsync(ct: cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogDown(district, e);
            }
        }
    }

    /// <summary>After Wolverine's runtime: each district that answers is taken up before the node serves.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await ApplyPendingAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (districts.Unavailable.Count > 0 && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RetryEvery, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await ApplyPendingAsync(stoppingToken);
        }
    }

    private async Task ApplyPendingAsync(CancellationToken cancellation)
    {
        foreach (var district in districts.Unavailable)
        {
            try
            {
                await ApplyAsync(district, cancellation);
                districts.MarkAvailable(district);
                logger.LogInformation("District {District}: schema applied, serving", district);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                LogDown(district, e);
            }
        }
    }

    private void LogDown(string district, Exception e) =>
        logger.LogWarning("District {District}: database not reachable ({Problem}); its requests are refused with {Code} until it answers, tried again every {Seconds} s",
            district, e.GetBaseException().Message, Ledger.RefusalCodes.DistrictUnavailable, RetryEvery.TotalSeconds);

    private async Task ApplyAsync(string district, CancellationToken cancellation)
    {
        // Bounded: a district that answers slowly is tried again, it does not hold the others up.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        bounded.CancelAfter(StepTimeout);
        logger.LogInformation("District {District}: applying Marten's schema", district);
        var database = await store.Storage.FindOrCreateDatabase(district);
        await database.ApplyAllConfiguredChangesToDatabaseAsync(ct: bounded.Token).WaitAsync(bounded.Token);
        logger.LogInformation("District {District}: migrating Wolverine's message tables", district);
        foreach (var messages in await runtime.Stores.FindForTenantAsync(district).AsTask().WaitAsync(bounded.Token))
        {
            await messages.Admin.MigrateAsync().WaitAsync(bounded.Token);
        }
    }

    /// <summary>How long one district's schema may take before the attempt is given up and tried again.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);
}
