using GraphQL;
using GraphQL.Types;
using Marten;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;

namespace TimeBank.Api.Merchants;

/// <summary>
/// <c>Merchant.holds(day:)</c>: a merchant's holds of one UTC day, newest first, for the till's list of the day (void an
/// open one, refund a completed one). Read where the merchant is read, so by its cashiers, its community's staff and city
/// admins. A hold shows amounts, state and times, never the volunteer: the till never learns who it was.
/// </summary>
public static class MerchantHolds
{
    private const string Cursor = "hold";

    public static void AddHolds(this ObjectGraphType<Merchant> merchant) => merchant
        .Field<NonNullGraphType<HoldConnectionType>>("holds")
        .Description("The merchant's holds placed on a UTC day (held, completed, voided or expired), newest first: the till's list of the day. "
            + "Amounts, state and times only, never the volunteer. Same visibility as the merchant. "
            + $"`first` is 0 to {Paging.MaxPageSize} (default {Paging.DefaultPageSize}); anything else is `INVALID_INPUT`.")
        .Argument<NonNullGraphType<DateOnlyGraphType>>("day", "The UTC day the points were held (08:00 to 08:00 China time).")
        .ForwardPaging()
        .ResolveAsync(async context => await ResolveAsync(context));

    private static async Task<Page<Hold>> ResolveAsync(IResolveFieldContext<Merchant> context)
    {
        var actor = context.RequireActor();
        if (!ReadAccess.CanReadMerchant(actor, context.Source))
        {
            throw SchemaErrors.NotFound("Merchant", context.Source.Id);
        }

        var day = context.GetArgument<DateOnly>("day");
        var first = Paging.First(context);
        var after = MomentPosition.Parse(Paging.After(context, Cursor));
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = start.AddDays(1);
        var merchantId = context.Source.Id;
        var session = context.Service<IQuerySession>();
        var query = session.Query<Hold>().Where(h => h.MerchantId == merchantId && h.HeldAt >= start && h.HeldAt < end);
        if (after is not null)
        {
            query = query.Where(h => h.HeldAt <= after.At);
        }

        // Keyset paging on (heldAt, holdId), newest first. Holds held at the cursor's very instant are few; the ones up to
        // the cursor are skipped here (uuid order in PostgreSQL and Guid.CompareTo agree).
        var toRead = MomentPosition.ToRead(first, after);
        var holds = await query.OrderByDescending(h => h.HeldAt).ThenByDescending(h => h.HoldId)
            .Take(toRead)
            .ToListAsync(context.CancellationToken);
        if (context.Service<Districts.DistrictSettings>().IsOn)
        {
            holds = [.. holds.Concat(await HomedElsewhereAsync(session, merchantId, start, end, after, toRead, context.CancellationToken))
                .OrderByDescending(h => h.HeldAt).ThenByDescending(h => h.HoldId).Take(toRead)];
        }

        return MomentPosition.PageOf(holds, first, after, Cursor, h => new MomentPosition(h.HeldAt, h.HoldId), newestFirst: true);
    }

    /// <summary>
    /// Districts mode: the same page of the district's copies of holds on accounts homed elsewhere (ADR 0048), in the same
    /// order, to be merged with the merchant's own holds.
    /// </summary>
    private static async Task<IEnumerable<Hold>> HomedElsewhereAsync(
        IQuerySession session, Guid merchantId, DateTimeOffset start, DateTimeOffset end, MomentPosition? after, int toRead, CancellationToken cancellation)
    {
        var query = session.Query<Districts.HoldHomedElsewhere>().Where(c => c.Hold.MerchantId == merchantId && c.Hold.HeldAt >= start && c.Hold.HeldAt < end);
        if (after is not null)
        {
            query = query.Where(c => c.Hold.HeldAt <= after.At);
        }

        var copies = await query.OrderByDescending(c => c.Hold.HeldAt).ThenByDescending(c => c.Id).Take(toRead).ToListAsync(cancellation);
        return copies.Select(c => c.Hold);
    }
}

public sealed class HoldEdgeType() : EdgeGraphType<HoldType, Hold>("Hold");

public sealed class HoldConnectionType() : ConnectionGraphType<HoldEdgeType, Hold>("Hold");
