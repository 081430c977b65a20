using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Commendations;

namespace TimeBank.Api.Commendations;

public sealed class CommendationPayloadType()
    : PayloadGraphType<CommendationType, Commendation>("CommendationPayload", "commendation", "The commendation as it stands now, if the caller may read it.",
        "What grantCommendation and withdrawCommendation answer.")
{
    /// <summary>The commendation the command touched, if the caller may read it.</summary>
    public static async Task<Commendation?> LoadAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation) =>
        await MutationFields.LoadStreamAsync<Commendation>(session, outcome, cancellation) is { } commendation && ReadAccess.CanReadCommendation(actor, commendation, null)
            ? commendation
            : null;
}
