using Marten;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.ServiceRecords;
using Wolverine;

namespace TimeBank.Api.Districts;

/// <summary>
/// What the home district tells the district where a record was served (ADR 0047): the credit it posted to the account,
/// and its revocation, so that the serving district counts the service in its own community's KPIs. Sent from the home's
/// outbox in the credit's own transaction, through <see cref="DistrictCredits.Queue"/>, stamped with the serving district:
/// the same path as the pool's overflow (<see cref="Gifts.PoolOverflow.TellPoolsAsync"/>).
/// </summary>
public static class ServingDistrict
{
    /// <summary>
    /// Tells <paramref name="servedIn"/> of each credit and revocation among <paramref name="events"/>, the ones the
    /// home's decider appended now (a second delivery of a credit appends nothing, so tells nothing): its community's
    /// pool of the time credits above the cap, and the record, for its community's KPIs.
    /// </summary>
    public static async Task TellAsync(IMessageBus bus, IEnumerable<VolunteerAccountEvent> events, string servedIn)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(events);
        await Gifts.PoolOverflow.TellPoolsAsync(bus, events, servedIn);
        var delivery = new DeliveryOptions { TenantId = servedIn };
        foreach (var @event in events)
        {
            switch (@event)
            {
                case ServiceCredited c:
                    await bus.PublishAsync(NoteCreditedAtHome.Of(c), delivery);
                    break;
                case ServiceCreditRevoked r:
                    await bus.PublishAsync(NoteCreditRevokedAtHome.Of(r), delivery);
                    break;
            }
        }
    }

    /// <summary>The record's side of a note: decided on the record where it was served; a note seen before appends nothing.</summary>
    public static async Task NoteAsync(IDocumentSession session, ServiceRecordCommand note, DateTimeOffset now, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(note);
        var record = await session.Events.FetchForWriting<ServiceRecord>(note.RecordId, cancellation);
        if (note is NoteCreditRevokedAtHome && record.Aggregate is { CreditAtHome: CreditAtHome.NotNoted })
        {
            // Two envelopes, no order between them: the revocation overtook the credit's note. It waits for it (retried).
            throw new CreditAtHomeNotYetNotedException(note.RecordId, session.TenantId);
        }

        record.AppendMany(ServiceRecordDecider.Decide(note, record.Aggregate, now));
    }
}

/// <summary>The revocation at home reached the record before the note of its credit: it is tried again, the note being on its way.</summary>
public sealed class CreditAtHomeNotYetNotedException(Guid recordId, string district)
    : Exception($"Record {recordId} in '{district}' was told its credit at home was revoked before it was told of the credit; the revocation waits for it.");

/// <summary>The ledger's <see cref="NoteCreditedAtHome"/>, a durable message (stored under its type's name).</summary>
public static class NoteCreditedAtHomeHandler
{
    public static Task Handle(NoteCreditedAtHome message, IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        ServingDistrict.NoteAsync(session, message, clock.GetUtcNow(), cancellation);
}

/// <summary>The ledger's <see cref="NoteCreditRevokedAtHome"/>, a durable message (stored under its type's name).</summary>
public static class NoteCreditRevokedAtHomeHandler
{
    public static Task Handle(NoteCreditRevokedAtHome message, IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        ServingDistrict.NoteAsync(session, message, clock.GetUtcNow(), cancellation);
}
