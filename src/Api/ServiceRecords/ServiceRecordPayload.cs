using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.ServiceRecords;

public sealed class ServiceRecordPayloadType()
    : PayloadGraphType<ServiceRecordType, ServiceRecord>("ServiceRecordPayload", "record", "The record as it stands now, if the caller may read it.",
        "What a mutation of one service record answers.")
{
    /// <summary>
    /// The record the command touched, if the caller may read it: as the command left it when its handler answered it
    /// (<see cref="CommandOutcome.Result"/>), otherwise read (a replay, or a command that answers none).
    /// </summary>
    public static async Task<ServiceRecord?> LoadAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var record = outcome.Result is ServiceRecord answered && outcome.Streams is [var id] && answered.Id == id
            ? answered
            : await MutationFields.LoadStreamAsync<ServiceRecord>(session, outcome, cancellation);
        return record is not null && ReadAccess.CanReadRecord(actor, record) ? record : null;
    }
}
