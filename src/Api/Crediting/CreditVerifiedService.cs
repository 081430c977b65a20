using Marten;
using TimeBank.Api.Hosting;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.Crediting;

/// <summary>
/// A verified record's value on its way to the volunteer's account: hours, time credits and points in one transaction.
/// Travels through the durable outbox, so the record's community and the account may one day live in different
/// databases; it is applied exactly once because an account credits a record only once.
/// </summary>
public sealed record CreditVerifiedService(
    Guid RecordId, Guid VolunteerId, Guid CommunityId, long MinutesServed, string Category, int PointsCoefficientPercent, bool EarnsTimeCredits)
{
    public static CreditVerifiedService For(ServiceRecord record) =>
        new(record.Id, record.VolunteerId, record.CommunityId, record.MinutesServed.Value, record.Category, record.PointsCoefficientPercent, record.EarnsTimeCredits);
}

public static class CreditVerifiedServiceHandler
{
    public static async Task Handle(CreditVerifiedService message, IDocumentSession session, PolicyBook policies, TimeProvider clock, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var policy = await policies.ForCommunityAsync(session, message.CommunityId, cancellation);

        // The account and the record in one round trip; each keeps its own expected version.
        var batch = session.CreateBatchQuery();
        var accountFetch = batch.Events.FetchForWriting<VolunteerAccount>(message.VolunteerId);
        var recordFetch = batch.Events.FetchForWriting<ServiceRecord>(message.RecordId);
        await batch.Execute(cancellation);

        var account = await accountFetch;
        account.AppendMany(VolunteerAccountDecider.Decide(
            new CreditService(message.VolunteerId, message.RecordId, message.CommunityId, message.MinutesServed, message.Category,
                message.PointsCoefficientPercent, message.EarnsTimeCredits),
            account.Aggregate, policy, now));

        var record = await recordFetch;
        record.AppendMany(ServiceRecordDecider.Decide(new MarkServiceRecordCredited(message.RecordId), record.Aggregate, now));
    }
}
