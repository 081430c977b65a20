using GraphQL.Types;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Accounts.Redemptions;

public static class CompleteHoldField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.OnHold<CompleteHoldInputType, HoldCommandInput, CompleteHold>(
            "completeHold", "The cashier of the hold's merchant completes the sale: the held points go to the merchant. Refusals: `NOT_FOUND`, `MERCHANT_NOT_APPROVED`, `HOLD_ALREADY_ENDED`.",
            (actor, i) => Idempotent.Of(i.CommandId, CompleteHold.AtTill(actor, i.HoldId)));
}

public sealed class CompleteHoldInputType() : HoldCommandInputType("CompleteHoldInput", "An open hold to complete (`HOLD_ALREADY_ENDED` once ended).");
