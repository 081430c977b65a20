using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.ServiceRecords;

/// <summary>
/// Staff revoke a credited record with a reason; the volunteer's account is compensated in the same transaction
/// (docs/adr/0027-credit-in-the-verify-transaction.md), or, for a volunteer homed in another district, at home through the
/// durable queue (ADR 0047). The ledger's <see cref="RevokeServiceRecord"/>.
/// </summary>
public static class RevokeServiceRecordHandler
{
    public static async Task<Accepted> Handle(
        RevokeServiceRecord command, IDocumentSession session, PolicyBook policies, Wolverine.IMessageBus bus, TimeProvider clock,
        CancellationToken cancellation, Districts.DistrictSettings districts, Districts.CityDirectory directory)
    {
        var now = clock.GetUtcNow();
        var record = await session.Events.FetchForWriting<ServiceRecord>(command.RecordId, cancellation);
        var events = ServiceRecordDecider.Decide(command, record.Aggregate, now);
        record.AppendMany(events);
        foreach (var revoked in events.OfType<ServiceRecordRevoked>())
        {
            // Locked until the commit, like every other writer of the account.
            var account = await session.Events.FetchForExclusiveWriting<VolunteerAccount>(revoked.VolunteerId, cancellation);
            var revoke = new RevokeServiceCredit(revoked.VolunteerId, revoked.RecordId, revoked.Reason, revoked.RevokedBy);
            if (await Districts.CrossDistrictCredits.HomeElsewhereAsync(directory, revoked.VolunteerId, account.Aggregate, session.TenantId, cancellation) is { } home)
            {
                // Credited in the volunteer's home district: taken back there, through the same durable queue (ADR 0047).
                await Districts.CrossDistrictCredits.SendHomeAsync(bus, districts, revoke, session.TenantId, home);
                continue;
            }

            var credit = account.Aggregate?.Credits.GetValueOrDefault(revoked.RecordId);
            var policy = await policies.ForCommunityAsync(session, credit?.CommunityId, cancellation);
            var compensation = VolunteerAccountDecider.Decide(revoke, account.Aggregate, policy, now);
            account.AppendMany(compensation);
            // What it takes back from the community's pool, the pool's stream learns by durable message (ADR 0045).
            await Gifts.PoolOverflow.TellPoolsAsync(bus, compensation);
        }

        return new Accepted(command.RecordId);
    }
}

public static class RevokeServiceRecordField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<RevokeServiceRecordInputType, RecordReasonInput, ServiceRecordPayloadType, ServiceRecord>(
            "revokeServiceRecord", "Staff of the record's community revoke a credited record, with a reason; the account is compensated in the same transaction. "
                + "Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `REASON_REQUIRED`, `TEXT_TOO_LONG`, `ALREADY_REVOKED`, `INVALID_RECORD_STATE`.",
            (actor, i) => Idempotent.Of(i.CommandId, new RevokeServiceRecord(i.RecordId, i.Reason, actor)),
            ServiceRecordPayloadType.LoadAsync);
}

public sealed class RevokeServiceRecordInputType()
    : RecordReasonInputType("RevokeServiceRecordInput", "A credited record to revoke, and why.", "Why the record is revoked; the volunteer sees it.");
