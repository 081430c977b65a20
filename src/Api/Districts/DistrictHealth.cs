using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TimeBank.Api.Districts;

/// <summary><c>/health/ready</c> in districts mode: the overall status and each database's state, as JSON (ADR 0047).</summary>
public static class DistrictHealth
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, databases = e.Value.Data.ToDictionary(d => d.Key, d => d.Value?.ToString()) }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}
