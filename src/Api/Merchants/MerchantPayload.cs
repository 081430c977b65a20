using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;

namespace TimeBank.Api.Merchants;

public sealed class MerchantPayloadType()
    : PayloadGraphType<MerchantType, Merchant>("MerchantPayload", "merchant", "The merchant as it stands now.",
        "What a mutation of a merchant answers.")
{
    /// <summary>The merchant the command touched, if the caller may read it.</summary>
    public static async Task<Merchant?> LoadAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation) =>
        await MutationFields.LoadStreamAsync<Merchant>(session, outcome, cancellation) is { } merchant && ReadAccess.CanReadMerchant(actor, merchant) ? merchant : null;
}
