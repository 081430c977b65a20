using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using TimeBank.Api.Districts;

namespace TimeBank.Api.Hosting;

/// <summary>
/// Ready means the ledger's database answers. In districts mode (ADR 0047): the city database and each district's, each
/// asked with a short timeout; the answer names every district's state. One district down is <c>Degraded</c> (still
/// 200: the node serves the others); the city down, or every district, is <c>Unhealthy</c>.
/// </summary>
public sealed class DatabaseHealthCheck(IDocumentStore store, DistrictSettings districts) : IHealthCheck
{
    /// <summary>How long a district's database may take to answer before it is called down.</summary>
    public static readonly TimeSpan DistrictTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (districts.IsOn)
        {
            return await CheckDistrictsAsync(cancellationToken);
        }

        try
        {
            await using var session = store.QuerySession();
            var answer = await session.QueryAsync<int>("select 1", cancellationToken);
            return answer.Count == 1 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("PostgreSQL gave no answer.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable.", e);
        }
    }

    private async Task<HealthCheckResult> CheckDistrictsAsync(CancellationToken cancellation)
    {
        var checks = districts.Ids.Select(async id => (Name: id, Up: await AnswersAsync(districts.ConnectionStringOf(id), cancellation))).ToList();
        var city = await AnswersAsync(districts.City!, cancellation);
        var states = await Task.WhenAll(checks);
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["city"] = city ? "up" : "down" };
        foreach (var (name, up) in states)
        {
            data[$"district:{name}"] = up ? "up" : "down";
        }

        var down = states.Where(s => !s.Up).Select(s => s.Name).ToList();
        if (!city)
        {
            return HealthCheckResult.Unhealthy("The city database is not reachable.", data: data);
        }

        return down.Count == 0 ? HealthCheckResult.Healthy("Every district's database answers.", data)
            : down.Count == states.Length ? HealthCheckResult.Unhealthy($"No district's database is reachable: {string.Join(", ", down)}.", data: data)
            : HealthCheckResult.Degraded($"District database down: {string.Join(", ", down)}.", data: data);
    }

    internal static Task<bool> AnswersAsync(string connectionString, CancellationToken cancellation) =>
        ProbeAsync(OwnConnection(connectionString), async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("select 1", connection);
            return await command.ExecuteScalarAsync(token) is 1;
        }, whenDown: false, cancellation);

    /// <summary>
    /// A connection of its own to <paramref name="connectionString"/>, outside the pools (a pool waiting on a dead server
    /// must not hold a health answer up), that gives up after <see cref="DistrictTimeout"/>.
    /// </summary>
    internal static NpgsqlConnection OwnConnection(string connectionString) =>
        new(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = (int)DistrictTimeout.TotalSeconds }.ConnectionString);

    /// <summary>
    /// Opens <paramref name="connection"/> (and disposes of it) and asks it <paramref name="ask"/> within
    /// <see cref="DistrictTimeout"/>; a database that does not answer in time gives <paramref name="whenDown"/>.
    /// </summary>
    internal static async Task<T> ProbeAsync<T>(
        NpgsqlConnection connection, Func<NpgsqlConnection, CancellationToken, Task<T>> ask, T whenDown, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(ask);
        await using (connection)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(DistrictTimeout);
            try
            {
                await connection.OpenAsync(timeout.Token);
                return await ask(connection, timeout.Token);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException
                || (e is OperationCanceledException && !cancellation.IsCancellationRequested))
            {
                return whenDown;
            }
        }
    }
}
