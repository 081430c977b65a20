using System.Threading.RateLimiting;
using TimeBank.Ledger;

namespace TimeBank.Api.Certificates;

/// <summary>How many public verifications one client may make per minute (configuration <c>Verification:PerMinute</c>).</summary>
public sealed class VerificationOptions
{
    public int PerMinute { get; init; } = 30;
}

/// <summary>
/// The limit on public verification, per client address, shared by its three ways (GraphQL, the JSON endpoint, the
/// page): nobody walks the register by guessing numbers and codes. A client over it is answered
/// <see cref="RefusalCodes.RateLimited"/> with the seconds to wait.
/// </summary>
public sealed class VerificationRateLimit : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public VerificationRateLimit(VerificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        PerMinute = options.PerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.PerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
    }

    public int PerMinute { get; }

    /// <summary>Takes one verification for the client of <paramref name="http"/>; refused when it has used its minute's share.</summary>
    public void Take(HttpContext? http)
    {
        var client = http?.Connection.RemoteIpAddress?.ToString() ?? "local";
        using var lease = _limiter.AttemptAcquire(client);
        if (!lease.IsAcquired)
        {
            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 60;
            throw new LedgerRefusal(RefusalCodes.RateLimited,
                $"Too many verifications from this address: at most {PerMinute} a minute. Try again in {wait} seconds.");
        }
    }

    public void Dispose() => _limiter.Dispose();
}
