using GraphQL.Types;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Accounts.Redemptions;

public static class VoidHoldField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.OnHold<VoidHoldInputType, HoldCommandInput, VoidHold>(
            "voidHold", "The cashier of the hold's merchant lets the hold go: the points are the volunteer's again. Refusals: `NOT_FOUND`, `HOLD_ALREADY_ENDED`.",
            (actor, i) => Idempotent.Of(i.CommandId, VoidHold.AtTill(actor, i.HoldId)));
}

public sealed class VoidHoldInputType() : HoldCommandInputType("VoidHoldInput", "An open hold to let go (`HOLD_ALREADY_ENDED` once ended).");
