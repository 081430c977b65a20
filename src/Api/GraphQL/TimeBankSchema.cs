using GraphQL.Types;

namespace TimeBank.Api.GraphQL;

/// <summary>The ledger core over GraphQL: balances, history, the verification queue, and one mutation per use case.</summary>
public sealed class TimeBankSchema : Schema
{
    public TimeBankSchema(IServiceProvider services, LedgerQuery query, LedgerMutation mutation)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
        // Built-in scalars replaced by described ones of the same name.
        RegisterType(new Types.PointsLongGraphType());
    }
}
