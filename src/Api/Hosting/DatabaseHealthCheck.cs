using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TimeBank.Api.Hosting;

/// <summary>Ready means the ledger's database answers.</summary>
public sealed class DatabaseHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
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
}
