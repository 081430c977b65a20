using Marten;
using TimeBank.Api.Accounts.Redemptions;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Accounts;
using Wolverine;
using Wolverine.Marten.Publishing;
using Wolverine.Runtime;

namespace TimeBank.Api.Districts;

/// <summary>
/// What the merchant's district learns of a hold on an account homed in another district (ADR 0048): the hold as the
/// home district's commit left it, and what it settled with the merchant. Sent from the home district's outbox, in the
/// transaction that decided it, through the durable queue <see cref="DistrictCredits.Queue"/>, stamped with the
/// merchant's district as tenant.
/// </summary>
public sealed record HoldAtMerchantDistrict(Hold Hold, string MerchantDistrict, IReadOnlyList<SettledAbroad> Settled);

/// <summary>In the home district, beside a hold whose merchant lives in another district: which one (written with the hold).</summary>
public sealed record HoldAbroad(Guid Id, string MerchantDistrict);

/// <summary>
/// In the merchant's district: its copy of a hold on an account homed in another district, as the home district last told
/// it (id: the hold's). A document of its own, not a <see cref="Hold"/>: the <c>HoldProjection</c> owns those and a
/// rebuild folds them from this district's events only, where these holds have none; no projection owns this one, so a
/// rebuild keeps it. Every read of a merchant's holds reads both (<see cref="Accounts.Redemptions.HoldReads"/>).
/// </summary>
public sealed record HoldHomedElsewhere(Guid Id, Hold Hold);

/// <summary>
/// In the merchant's district: one movement of points settled with the merchant on a hold whose account lives in another
/// district, for its settlement statement. Id: <c>{holdId}/completed</c> or <c>{holdId}/refund/{tillRequestId}</c>, so
/// the same fact delivered twice is stored once.
/// </summary>
public sealed record SettledAbroad(string Id, Guid MerchantId, DateOnly Day, long Redeemed, long Refunded)
{
    /// <summary>What these events of the home district settle with their merchant.</summary>
    public static IReadOnlyList<SettledAbroad> By(IEnumerable<VolunteerAccountEvent> events) =>
    [
        .. events.Select(e => e switch
        {
            HoldCompleted completed => new SettledAbroad($"{completed.HoldId}/completed", completed.MerchantId, DayOf(completed.CompletedAt), completed.Amount, 0),
            PointsRefunded refunded => new SettledAbroad(
                $"{refunded.HoldId}/refund/{refunded.TillRequestId}", refunded.MerchantId, DayOf(refunded.RefundedAt), 0, refunded.Amount),
            _ => null,
        }).OfType<SettledAbroad>(),
    ];

    private static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}

/// <summary>
/// A redemption at a merchant of one district on an account of another (ADR 0048). The points are the volunteer's, so
/// every decision on them is taken in the home district, on the account's stream, under its lock; the node that serves
/// the cashier opens a session on the home district's database for it (every node has every district's connection), so
/// the cashier has the answer at once. What the merchant's district keeps (its copy of the hold for the till's list, its
/// settlement) goes there from the home district's outbox, in the deciding transaction.
/// </summary>
public sealed class RedemptionsAcrossDistricts(OutboxedSessionFactory outbox, IWolverineRuntime runtime, CityDirectory directory, DistrictSettings districts)
{
    public bool IsOn => districts.IsOn;

    /// <summary>A session on <paramref name="home"/>'s database whose messages go out through that database's outbox, on commit.</summary>
    public (IDocumentSession Session, IMessageBus Bus) OpenHome(string home)
    {
        var context = new MessageContext(runtime, home);
        return (outbox.OpenSession(context), context);
    }

    /// <summary>The district whose database holds the account of <paramref name="volunteerId"/>, from the city directory; <paramref name="here"/> when it knows none.</summary>
    public async Task<string> HomeOfAsync(Guid volunteerId, string here, CancellationToken cancellation) =>
        await directory.HomeOfAsync(volunteerId, cancellation) ?? here;

    /// <summary>The district that issued a one-time code, from the city's register of codes; null when none did.</summary>
    public Task<string?> DistrictOfCodeAsync(string code, CancellationToken cancellation) =>
        directory.DistrictOfCodeAsync(code, cancellation);

    /// <summary>
    /// A till of <paramref name="merchantSide"/>'s district holds points with a code issued in <paramref name="home"/>: the
    /// hold is decided on the account there, as at home (the merchant read here, in the merchant's district), and the hold's
    /// expiry is scheduled there, and the merchant's district is told, all in the home district's one transaction. The same
    /// till request again finds the hold it placed (its id is the request's) and changes nothing. The hold as it stands
    /// is answered, for the merchant's district to keep at once.
    /// </summary>
    public async Task<Hold> HoldAsync(
        HoldPoints command, IQuerySession merchantSide, string home, PolicyBook policies, DateTimeOffset now, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(merchantSide);
        var merchantDistrict = merchantSide.TenantId;
        var (session, bus) = OpenHome(home);
        await using (session)
        {
            var earlier = await session.LoadAsync<Hold>(command.HoldId, cancellation);
            var lookup = earlier is null ? await session.LoadAsync<RedemptionCodeLookup>(command.Code, cancellation) : null;
            var volunteerId = earlier?.VolunteerId ?? TillRequest.VolunteerHolding(lookup?.VolunteerId);
            var (_, events) = await AccountDecisions.DecideAsync(
                session, policies, command with { VolunteerId = volunteerId }, now, cancellation, merchantSide);
            if (events.OfType<PointsHeld>().SingleOrDefault() is not { } held)
            {
                // Already held for this till request: the first hold stands.
                return earlier ?? throw new InvalidOperationException($"Hold {command.HoldId} was neither placed nor found in district '{home}'.");
            }

            session.Delete(lookup!); // found, or VolunteerHolding refused
            session.Store(new HoldAbroad(held.HoldId, merchantDistrict));
            var hold = Hold.Place(held);
            // Scheduled through the home district's context: stored in its database, run in its tenant.
            await bus.ScheduleAsync(new ExpireHold(volunteerId, held.HoldId), held.ExpiresAt);
            await TellMerchantAsync(bus, merchantDistrict, hold, events);
            await session.SaveChangesAsync(cancellation);
            return hold;
        }
    }

    /// <summary>Tells the merchant's district what these events did to the hold, through the session's outbox.</summary>
    public static ValueTask TellMerchantAsync(IMessageBus bus, string merchantDistrict, Hold hold, IEnumerable<VolunteerAccountEvent> events)
    {
        ArgumentNullException.ThrowIfNull(bus);
        return bus.PublishAsync(new HoldAtMerchantDistrict(hold, merchantDistrict, SettledAbroad.By(events)), new DeliveryOptions { TenantId = merchantDistrict });
    }

    /// <summary>
    /// The merchant's district keeps the later of what it knew and what arrived (a hold only moves forward: held, then
    /// ended; refunds only add), and each settled movement once: a message delivered twice, or late, changes nothing.
    /// Messages of one hold are handled side by side, so the hold is read and written under a transaction lock of its own.
    /// The copy is a <see cref="HoldHomedElsewhere"/>, which a rebuild of this district's read models keeps.
    /// </summary>
    public static async Task RecordAtMerchantAsync(IDocumentSession session, Hold arrived, IEnumerable<SettledAbroad> settled, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(arrived);
        await session.BeginTransactionAsync(cancellation);
        await session.QueryAsync<bool>("select true from pg_advisory_xact_lock(?)", cancellation, BitConverter.ToInt64(arrived.HoldId.ToByteArray(), 0));
        var known = (await session.LoadAsync<HoldHomedElsewhere>(arrived.HoldId, cancellation))?.Hold;
        if (known is null || (known.IsOpen && !arrived.IsOpen) || arrived.Refunded > known.Refunded)
        {
            session.Store(new HoldHomedElsewhere(arrived.HoldId, arrived));
        }

        foreach (var movement in settled)
        {
            session.Store(movement);
        }
    }
}

/// <summary>The merchant's district records a hold of a volunteer homed elsewhere, in its own transaction with the inbox's "handled" mark.</summary>
public static class HoldAtMerchantDistrictHandler
{
    public static Task Handle(HoldAtMerchantDistrict message, IDocumentSession session, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(session);
        return !string.Equals(session.TenantId, message.MerchantDistrict, StringComparison.Ordinal)
            ? throw new UnknownDistrictException(message.MerchantDistrict, session.TenantId)
            : RedemptionsAcrossDistricts.RecordAtMerchantAsync(session, message.Hold, message.Settled, cancellation);
    }
}
