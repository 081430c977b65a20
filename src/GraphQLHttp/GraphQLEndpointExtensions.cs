using GraphQL;
using GraphQL.DI;
using GraphQL.Types;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace TimeBank.GraphQL.Http;

/// <summary>Registration and mapping of the GraphQL-over-HTTP endpoint.</summary>
public static class GraphQLEndpointExtensions
{
    /// <summary>
    /// Registers <see cref="GraphQLEndpointOptions"/> and the endpoint's error serialization
    /// (<see cref="GraphQLHttpErrorInfoProvider"/>). Call inside <c>services.AddGraphQL(b =&gt; ...)</c>.
    /// </summary>
    public static IGraphQLBuilder AddHttpEndpoint(this IGraphQLBuilder builder, Action<GraphQLEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<GraphQLEndpointOptions>(configure is null ? null : (options, _) => configure(options));
        builder.AddErrorInfoProvider<GraphQLHttpErrorInfoProvider>();
        return builder;
    }

    /// <summary>Registers <see cref="InProcessGraphQL"/> for <typeparamref name="TSchema"/>: the endpoint without HTTP.</summary>
    public static IServiceCollection AddInProcessGraphQL<TSchema>(this IServiceCollection services)
        where TSchema : ISchema
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddSingleton(InProcessGraphQL.For<TSchema>);
    }

    /// <summary>Maps GraphQL over HTTP (GET and POST) for the DI-registered <see cref="ISchema"/> at <paramref name="pattern"/>.</summary>
    public static IEndpointConventionBuilder MapGraphQLEndpoint(this IEndpointRouteBuilder app, string pattern = "/graphql")
        => app.MapGraphQLEndpoint<ISchema>(pattern);

    /// <summary>Maps GraphQL over HTTP (GET and POST) for the DI-registered <typeparamref name="TSchema"/> at <paramref name="pattern"/>.</summary>
    public static IEndpointConventionBuilder MapGraphQLEndpoint<TSchema>(this IEndpointRouteBuilder app, string pattern = "/graphql")
        where TSchema : ISchema
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ServiceProvider;
        var options = services.GetService<GraphQLEndpointOptions>() ?? new GraphQLEndpointOptions();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("TimeBank.GraphQL.Http.GraphQLHttpEndpoint");
        var endpoint = new GraphQLHttpEndpoint<TSchema>(options, logger);
        return app.Map(pattern, endpoint.HandleAsync).WithDisplayName("GraphQL " + pattern);
    }
}
