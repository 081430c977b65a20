namespace TimeBank.Ledger.Accounts;

/// <summary>
/// A till that guesses codes is stopped (docs/adr/0011-till-redemptions.md): at most <see cref="FailuresPerMinute"/> wrong
/// codes per merchant in one calendar minute (UTC), then every attempt of its tills, right code or not, is refused with
/// <see cref="RefusalCodes.TooManyCodeAttempts"/> until the next minute. Where the failures are counted is the host's
/// business; this is the rule.
/// </summary>
public sealed record CodeGuessingLimit(int FailuresPerMinute = CodeGuessingLimit.DefaultFailuresPerMinute)
{
    public const int DefaultFailuresPerMinute = 5;

    public static CodeGuessingLimit Default { get; } = new();

    /// <summary>The calendar minute (UTC) that <paramref name="now"/> falls in: the window failures are counted in.</summary>
    public static DateTimeOffset MinuteOf(DateTimeOffset now) =>
        new(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    /// <summary>When a throttled till may try again: the start of the next minute.</summary>
    public static DateTimeOffset RetryAt(DateTimeOffset now) => MinuteOf(now).AddMinutes(1);

    /// <summary>Whole seconds until <see cref="RetryAt"/>, rounded up (what HTTP's <c>Retry-After</c> says).</summary>
    public static int RetryAfterSeconds(DateTimeOffset now) => (int)Math.Ceiling((RetryAt(now) - now).TotalSeconds);

    /// <summary>A refusal that counts against the merchant: a code nobody holds, or one that expired or was used.</summary>
    public static bool IsWrongCode(string refusalCode) => refusalCode == RefusalCodes.RedemptionCodeInvalid;

    /// <summary>Refuses an attempt once the merchant's tills made <see cref="FailuresPerMinute"/> wrong codes this minute.</summary>
    public void Check(int failuresThisMinute, DateTimeOffset now)
    {
        if (failuresThisMinute >= FailuresPerMinute)
        {
            throw LedgerRefusal.NamingTimes(
                RefusalCodes.TooManyCodeAttempts,
                $"Too many wrong codes from this merchant's tills this minute; try again after {RetryAt(now)} (in {RetryAfterSeconds(now)} s).");
        }
    }
}
