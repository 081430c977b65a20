using GraphQL.Types;
using JasperFx.Events;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.ServiceRecords;

/// <summary>
/// Staff verify one or many records of one activity in one command: all or none. Each verified record is credited to
/// its volunteer's account in the same transaction (docs/adr/0027-credit-in-the-verify-transaction.md). The ledger's
/// <see cref="VerifyServiceRecords"/>.
/// </summary>
public static class VerifyServiceRecordsHandler
{
    public static async Task<Accepted> Handle(
        VerifyServiceRecords command, IDocumentSession session, PolicyBook policies, Wolverine.IMessageBus bus, TimeProvider clock,
        CancellationToken cancellation, Districts.DistrictSettings districts, Districts.CityDirectory directory)
    {
        var now = clock.GetUtcNow();
        var ids = VerificationBatch.RecordsOf(command.RecordIds);

        // Every record's stream in one round trip (each keeps its own expected version), then one commit for all.
        var streams = await session.Events.FetchManyForWriting<ServiceRecord>(ids, cancellation);
        var verified = new List<(IEventStream<ServiceRecord> Stream, ServiceRecord Record)>(streams.Count);
        foreach (var stream in streams)
        {
            var events = VerificationBatch.Verify(stream.Id, stream.Aggregate, command.Actor, now);
            stream.AppendMany(events);
            verified.Add((stream, events.Aggregate(stream.Aggregate, ServiceRecord.Evolve)!));
        }

        // Only once every record passed: the batch's accounts, locked until the commit in one round trip, in the order
        // of their volunteer ids. Two batches sharing volunteers lock them in the same order, so they wait for each
        // other instead of deadlocking; every other writer of an account (the account queues, submissions, expiries)
        // takes the same lock or fails on the stream's version and is run again.
        var locks = session.CreateBatchQuery();
        var fetches = verified.Select(v => v.Record.VolunteerId).Distinct().Order()
            .Select(volunteerId => (VolunteerId: volunteerId, Fetch: locks.Events.FetchForExclusiveWriting<VolunteerAccount>(volunteerId)))
            .ToList();
        await locks.Execute(cancellation);
        var accounts = new Dictionary<Guid, IEventStream<VolunteerAccount>>(fetches.Count);
        var states = new Dictionary<Guid, VolunteerAccount?>(fetches.Count);
        foreach (var (volunteerId, fetch) in fetches)
        {
            var account = await fetch;
            accounts[volunteerId] = account;
            states[volunteerId] = account.Aggregate;
        }

        // Districts mode: a volunteer with no account here is homed in another district (the city directory says which).
        var homes = await Districts.CrossDistrictCredits.HomesAsync(directory, states, session.TenantId, cancellation);

        // In the batch's order; a volunteer's second record is decided on the account the first one left.
        foreach (var (stream, record) in verified)
        {
            if (homes.GetValueOrDefault(record.VolunteerId) is { } home)
            {
                // Credited at home through the durable queue: the outbox row commits with this transaction (ADR 0047).
                await Districts.CrossDistrictCredits.SendHomeAsync(bus, districts, VerificationBatch.CreditFor(record), session.TenantId, home);
                stream.AppendMany(ServiceRecordDecider.Decide(new MarkServiceRecordCredited(record.Id), record, now));
                continue;
            }

            var policy = await policies.ForCommunityAsync(session, record.CommunityId, cancellation);
            var credit = VolunteerAccountDecider.Decide(VerificationBatch.CreditFor(record), states[record.VolunteerId], policy, now);
            accounts[record.VolunteerId].AppendMany(credit);
            // Time credits above the cap went to the community's pool: its stream learns of it by durable message (ADR 0045).
            await Gifts.PoolOverflow.TellPoolsAsync(bus, credit);
            states[record.VolunteerId] = credit.Aggregate(states[record.VolunteerId], VolunteerAccount.Evolve);
            stream.AppendMany(ServiceRecordDecider.Decide(new MarkServiceRecordCredited(record.Id), record, now));
        }

        return new Accepted(ids);
    }
}

public static class VerifyServiceRecordsField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<VerifyServiceRecordsInputType, VerifyServiceRecordsInput, VerifyServiceRecordsPayloadType, IReadOnlyList<Guid>>(
            "verifyServiceRecords", "Staff of the records' community verify them, all or none; each record is credited to its volunteer's account in the same transaction. "
                + "Refusals: `EMPTY_BATCH`, `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `OWN_RECORD`, `INVALID_RECORD_STATE`.",
            (actor, i) => Idempotent.Of(i.CommandId, new VerifyServiceRecords(i.RecordIds, actor)),
            (_, _, outcome, _) => Task.FromResult<IReadOnlyList<Guid>?>(outcome.Streams));
}

public sealed class VerifyServiceRecordsInput
{
    public Guid CommandId { get; init; }
    public List<Guid> RecordIds { get; init; } = [];
}

public sealed class VerifyServiceRecordsInputType : InputObjectGraphType<VerifyServiceRecordsInput>
{
    public VerifyServiceRecordsInputType()
    {
        Name = "VerifyServiceRecordsInput";
        Description = "Submitted records to verify together.";
        this.CommandIdField();
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UuidIdGraphType>>>>("recordIds")
            .Description("The records (UUIDs or global ids), at least one (`EMPTY_BATCH`): all are verified, or none.");
    }
}

public sealed class VerifyServiceRecordsPayloadType()
    : PayloadGraphType<NonNullGraphType<ListGraphType<NonNullGraphType<UuidIdGraphType>>>, IReadOnlyList<Guid>>(
        "VerifyServiceRecordsPayload", "recordIds", "The records verified; each credited to its volunteer's account in the same transaction.",
        "What verifyServiceRecords answers.");
