using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using TimeBank.Api.GraphQL.Http;

namespace TimeBank.Api.GraphQL;

public static class GraphQLRegistration
{
    /// <summary>The schema at /graphql, served by the GraphQL-over-HTTP endpoint.</summary>
    public static IServiceCollection AddTimeBankGraphQL(this IServiceCollection services, bool exposeExceptionDetails)
    {
        services.AddGraphQL(b => b
            .AddSchema<TimeBankSchema>()
            .AddGraphTypes(typeof(TimeBankSchema).Assembly)
            .AddSystemTextJson()
            // Resolvers share the request's Marten session, which is not thread-safe: fields run one after another.
            .AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query)
            .AddHttpEndpoint(options => options.ExposeExceptionDetails = exposeExceptionDetails));
        return services;
    }
}
