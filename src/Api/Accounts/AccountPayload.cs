using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Accounts;

public sealed class AccountPayloadType()
    : PayloadGraphType<VolunteerAccountType, VolunteerAccount>("AccountPayload", "account", "The account as it stands now, if the caller may read it.",
        "What registerVolunteer and erasePersonalData answer.")
{
    /// <summary>The account the command touched, if the caller may read it.</summary>
    public static async Task<VolunteerAccount?> LoadAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation) =>
        await MutationFields.LoadStreamAsync<VolunteerAccount>(session, outcome, cancellation) is { } account && ReadAccess.CanReadAccount(actor, account) ? account : null;
}
