using System.Globalization;
using Marten;
using Marten.Patching;
using TimeBank.Ledger;

namespace TimeBank.Api.Redemptions;

/// <summary>Settings of the guard against tills that guess codes (configuration section <c>Redemptions</c>).</summary>
public sealed class RedemptionOptions
{
    /// <summary>Failed code attempts a merchant's tills may make in one calendar minute (UTC); then every attempt is refused.</summary>
    public int FailedCodeAttemptsPerMinute { get; set; } = 5;
}

/// <summary>Failed code attempts of one merchant in one minute. Id = merchant and minute; kept in PostgreSQL so the limit holds across instances and restarts.</summary>
public sealed record FailedCodeAttempts(string Id, Guid MerchantId, DateTimeOffset Minute, int Failures);

/// <summary>
/// A till that guesses codes is stopped: at most <see cref="RedemptionOptions.FailedCodeAttemptsPerMinute"/> wrong codes
/// per merchant per minute, then <see cref="TooMany"/> for every attempt, right code or not, until the next minute.
/// Requests in flight at the same moment are each checked against the count before them, so a burst may overshoot by
/// its own size; the counter itself never loses an increment (docs/adr/0011-till-redemptions.md).
/// </summary>
public sealed class CodeAttempts(RedemptionOptions options)
{
    public const string TooMany = "TOO_MANY_CODE_ATTEMPTS";

    public static DateTimeOffset MinuteOf(DateTimeOffset now) =>
        new(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    /// <summary>When a throttled till may try again: the start of the next minute.</summary>
    public static DateTimeOffset RetryAt(DateTimeOffset now) => MinuteOf(now).AddMinutes(1);

    public async Task RequireUnderLimitAsync(IQuerySession session, Guid merchantId, DateTimeOffset now, CancellationToken cancellation)
    {
        var window = await session.LoadAsync<FailedCodeAttempts>(IdOf(merchantId, now), cancellation);
        if (window is not null && window.Failures >= options.FailedCodeAttemptsPerMinute)
        {
            var retryAt = RetryAt(now);
            throw new LedgerRefusal(TooMany,
                $"Too many wrong codes from this merchant's tills this minute; try again after {retryAt:u} (in {(int)Math.Ceiling((retryAt - now).TotalSeconds)} s).");
        }
    }

    /// <summary>Counts one wrong code, atomically in the database (a patch, or the first insert of the minute).</summary>
    public static async Task CountFailureAsync(IDocumentSession session, Guid merchantId, DateTimeOffset now, CancellationToken cancellation)
    {
        var id = IdOf(merchantId, now);
        if (await session.LoadAsync<FailedCodeAttempts>(id, cancellation) is null)
        {
            // Two first failures at once: one insert fails and its command is run again, then patches.
            session.Insert(new FailedCodeAttempts(id, merchantId, MinuteOf(now), 1));
            // Earlier minutes of this merchant are of no use any more.
            var stale = MinuteOf(now).AddMinutes(-1);
            session.DeleteWhere<FailedCodeAttempts>(w => w.MerchantId == merchantId && w.Minute < stale);
        }
        else
        {
            session.Patch<FailedCodeAttempts>(id).Increment(w => w.Failures);
        }
    }

    private static string IdOf(Guid merchantId, DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{merchantId:N}:{MinuteOf(now):yyyyMMddHHmm}");
}
