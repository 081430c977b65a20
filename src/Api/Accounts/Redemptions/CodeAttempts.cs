using System.Globalization;
using Marten;
using Marten.Patching;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Accounts.Redemptions;

/// <summary>Settings of the guard against tills that guess codes (configuration section <c>Redemptions</c>).</summary>
public sealed class RedemptionOptions
{
    /// <summary>Failed code attempts a merchant's tills may make in one calendar minute (UTC); then every attempt is refused.</summary>
    public int FailedCodeAttemptsPerMinute { get; set; } = CodeGuessingLimit.DefaultFailuresPerMinute;
}

/// <summary>Failed code attempts of one merchant in one minute. Id = merchant and minute; kept in PostgreSQL so the limit holds across instances and restarts.</summary>
public sealed record FailedCodeAttempts(string Id, Guid MerchantId, DateTimeOffset Minute, int Failures);

/// <summary>
/// Where the failed code attempts of a merchant's tills are counted, for the rule <see cref="CodeGuessingLimit"/>.
/// Requests in flight at the same moment are each checked against the count before them, so a burst may overshoot by
/// its own size; the counter itself never loses an increment (docs/adr/0011-till-redemptions.md).
/// </summary>
public sealed class CodeAttempts(RedemptionOptions options)
{
    private readonly CodeGuessingLimit _limit = new(options.FailedCodeAttemptsPerMinute);

    public async Task RequireUnderLimitAsync(IQuerySession session, Guid merchantId, DateTimeOffset now, CancellationToken cancellation)
    {
        var window = await session.LoadAsync<FailedCodeAttempts>(IdOf(merchantId, now), cancellation);
        _limit.Check(window?.Failures ?? 0, now);
    }

    /// <summary>Counts one wrong code, atomically in the database (a patch, or the first insert of the minute).</summary>
    public static async Task CountFailureAsync(IDocumentSession session, Guid merchantId, DateTimeOffset now, CancellationToken cancellation)
    {
        var id = IdOf(merchantId, now);
        if (await session.LoadAsync<FailedCodeAttempts>(id, cancellation) is null)
        {
            // Two first failures at once: one insert fails and its command is run again, then patches.
            session.Insert(new FailedCodeAttempts(id, merchantId, CodeGuessingLimit.MinuteOf(now), 1));
            // Earlier minutes of this merchant are of no use any more.
            var stale = CodeGuessingLimit.MinuteOf(now).AddMinutes(-1);
            session.DeleteWhere<FailedCodeAttempts>(w => w.MerchantId == merchantId && w.Minute < stale);
        }
        else
        {
            session.Patch<FailedCodeAttempts>(id).Increment(w => w.Failures);
        }
    }

    private static string IdOf(Guid merchantId, DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{merchantId:N}:{CodeGuessingLimit.MinuteOf(now):yyyyMMddHHmm}");
}
