using System.Text.Encodings.Web;
using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using TimeBank.Api.Infrastructure;
using TimeBank.GraphQL.Http;
using TimeBank.Api.GraphQL.Loading;

namespace TimeBank.Api.GraphQL;

public static class GraphQLRegistration
{
    public const int MaxComplexity = 5_000;

    /// <summary>
    /// The schema at /graphql, served by the GraphQL-over-HTTP endpoint. An unexpected failure answers only INTERNAL, a
    /// message for people and the correlation id the log carries, in every environment (Development included: the
    /// README's run command uses it): exception text, type names and paths stay in the log.
    /// </summary>
    public static IServiceCollection AddTimeBankGraphQL(this IServiceCollection services)
    {
        // One set of batch loaders per request (navigation fields and node lookups).
        services.AddScoped<LedgerLoaders>();
        services.AddGraphQL(b => b
            .AddSchema<TimeBankSchema>()
            .AddGraphTypes(typeof(TimeBankSchema).Assembly)
            // Names and places are mostly Chinese, and times carry "+08:00": written as they are, not as \uXXXX escapes.
            // The answer is application/json or application/graphql-response+json, never embedded in HTML.
            .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            // Resolvers share the request's Marten session, which is not thread-safe: fields run one after another.
            .AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query)
            // Before the variables are parsed: the offset of the first time the caller sends is noted for the request.
            .ConfigureExecution((options, next) =>
            {
                CallerOffset.Begin();
                return next(options);
            })
            .AddHttpEndpoint(options =>
            {
                // A full page (first: 100) of service records with every field costs about 2,100; the endpoint's
                // default (1,000) would refuse it.
                options.MaxComplexity = MaxComplexity;
                // A read in a district whose database this node has not taken up yet (ADR 0047) is an outage too, not a failure.
                options.IsUnavailable = e => DatabaseOutage.IsCause(e)
                    || e is TimeBank.Ledger.LedgerRefusal { Code: TimeBank.Ledger.RefusalCodes.DistrictUnavailable };
                options.UnavailableMessage = DatabaseOutage.Message;
                // Districts mode: the request's district that does not answer is named (DISTRICT_UNAVAILABLE), not a bare outage.
                options.Explain = Districts.DistrictOutage.ExplainAsync;
            }));
        return services;
    }
}
