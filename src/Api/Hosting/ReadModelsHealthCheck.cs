using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using TimeBank.Api.Districts;
using TimeBank.Api.Infrastructure;

namespace TimeBank.Api.Hosting;

/// <summary>
/// Ready also means the read models are whole. A rebuild stopped part-way (ADR 0049) leaves its marker row until
/// <c>rebuild-read-models</c> is run again and finishes: until then balances, boards and KPIs hold only the parts it
/// committed, so a load balancer must not send requests here (<c>Unhealthy</c>, 503). In districts mode the districts
/// with an unfinished rebuild are named: one is <c>Degraded</c> (the node serves the others), all is <c>Unhealthy</c>.
/// A database that does not answer is the <see cref="DatabaseHealthCheck"/>'s to report, not this one's.
/// </summary>
public sealed class ReadModelsHealthCheck(IDocumentStore store, DistrictSettings districts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        if (!districts.IsOn)
        {
            return await UnfinishedAsync(store.Storage.Database.CreateConnection(), schema, cancellationToken) is { } rebuild
                ? HealthCheckResult.Unhealthy(Describe(rebuild) + " Finish it: `rebuild-read-models` resumes it.")
                : HealthCheckResult.Healthy("The read models are whole.");
        }

        var states = await Task.WhenAll(districts.Ids.Select(async id => (Id: id, Rebuild: await UnfinishedAsync(
            DatabaseHealthCheck.OwnConnection(districts.ConnectionStringOf(id)), schema, cancellationToken))));
        var data = states.Where(s => s.Rebuild is not null).ToDictionary(s => $"district:{s.Id}", s => (object)Describe(s.Rebuild!.Value));
        var unfinished = states.Where(s => s.Rebuild is not null).Select(s => s.Id).ToList();
        return unfinished.Count == 0 ? HealthCheckResult.Healthy("Every district's read models are whole.")
            : unfinished.Count == states.Length ? HealthCheckResult.Unhealthy($"Every district's read models are being rebuilt: {string.Join(", ", unfinished)}.", data: data)
            : HealthCheckResult.Degraded($"Read models being rebuilt in {string.Join(", ", unfinished)}: finish it with `rebuild-read-models --district <id>`.", data: data);
    }

    private static string Describe((long Last, long Done) rebuild) =>
        $"A rebuild of the read models stopped after event {rebuild.Done:#,0} of {rebuild.Last:#,0}: they hold only part of the events.";

    /// <summary>The database's unfinished rebuild; null when there is none or the database does not answer.</summary>
    private static Task<(long Last, long Done)?> UnfinishedAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation) =>
        DatabaseHealthCheck.ProbeAsync(connection, (open, token) => ProjectionRebuild.UnfinishedAsync(open, schema, token), whenDown: null, cancellation);
}
