using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;

namespace TimeBank.Api.Communities;

public sealed class CommunityPayloadType()
    : PayloadGraphType<CommunityType, Community>("CommunityPayload", "community", "The community as it stands now.",
        "What registerCommunity and assignStaff answer.")
{
    /// <summary>The community the command touched.</summary>
    public static Task<Community?> LoadAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation) =>
        MutationFields.LoadStreamAsync<Community>(session, outcome, cancellation);
}
