using Marten;
using TimeBank.Api.Districts;
using TimeBank.Ledger;
using TimeBank.Projections;

namespace TimeBank.Api.Merchants;

/// <summary>One day of a statement: what the merchant redeemed and refunded that UTC day, and the net.</summary>
public sealed record SettlementStatementDay(DateOnly Date, long Redeemed, long Refunded, long Net, int Redemptions, int Refunds);

/// <summary>
/// A merchant's settlement statement for a period of UTC days, both ends included: a row per day on which it redeemed
/// or refunded anything (quiet days have no row), and the period's totals. Read from the asynchronous
/// <see cref="MerchantSettlementProjection"/>: a redemption shows here a moment after it is completed.
/// </summary>
public sealed record SettlementStatement(
    Guid MerchantId, DateOnly From, DateOnly To, IReadOnlyList<SettlementStatementDay> Days,
    long Redeemed, long Refunded, long Net, int Redemptions, int Refunds)
{
    /// <summary>The longest period one statement covers: a (leap) year.</summary>
    public const int MaxDays = 366;

    /// <summary>Why the period cannot be a statement's, or <see langword="null"/> when it can.</summary>
    public static string? ProblemWith(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return $"The period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).";
        }

        var days = to.DayNumber - from.DayNumber + 1;
        return days > MaxDays ? $"A statement covers at most {MaxDays} days; {from:yyyy-MM-dd} to {to:yyyy-MM-dd} is {days} days." : null;
    }

    /// <summary>The statement of a period that <see cref="ProblemWith"/> accepted. Who may read it is the caller's check.</summary>
    /// <remarks>
    /// Districts mode (<paramref name="districts"/>): the redemptions of volunteers homed in other districts are added, day by
    /// day, from what their home districts sent (<see cref="SettledAbroad"/>, ADR 0048).
    /// </remarks>
    public static async Task<SettlementStatement> ReadAsync(
        IQuerySession session, Guid merchantId, DateOnly from, DateOnly to, bool districts, CancellationToken cancellation)
    {
        if (ProblemWith(from, to) is { } problem)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidInput, problem);
        }

        var days = await session.Query<MerchantSettlementDay>()
            .Where(d => d.MerchantId == merchantId && d.Day >= from && d.Day <= to)
            .OrderBy(d => d.Day)
            .ToListAsync(cancellation);
        var rows = days.Select(d => new SettlementStatementDay(d.Day, d.Redeemed, d.Refunded, d.Net, d.Redemptions, d.Refunds)).ToList();
        if (districts)
        {
            var abroad = await session.Query<SettledAbroad>()
                .Where(s => s.MerchantId == merchantId && s.Day >= from && s.Day <= to)
                .ToListAsync(cancellation);
            rows = [.. rows.Concat(abroad.Select(s => new SettlementStatementDay(
                    s.Day, s.Redeemed, s.Refunded, s.Redeemed - s.Refunded, s.Redeemed > 0 ? 1 : 0, s.Refunded > 0 ? 1 : 0)))
                .GroupBy(d => d.Date)
                .Select(g => new SettlementStatementDay(
                    g.Key, g.Sum(d => d.Redeemed), g.Sum(d => d.Refunded), g.Sum(d => d.Net), g.Sum(d => d.Redemptions), g.Sum(d => d.Refunds)))
                .OrderBy(d => d.Date)];
        }

        var redeemed = rows.Aggregate(0L, (sum, d) => checked(sum + d.Redeemed));
        var refunded = rows.Aggregate(0L, (sum, d) => checked(sum + d.Refunded));
        return new SettlementStatement(
            merchantId, from, to, rows, redeemed, refunded, checked(redeemed - refunded), rows.Sum(d => d.Redemptions), rows.Sum(d => d.Refunds));
    }
}
