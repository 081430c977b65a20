using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TimeBank.Api.GraphQL;

namespace TimeBank.Api.Tests.Host;

/// <summary>The GraphQL schema is built while the host starts, not by the first request.</summary>
public sealed class GraphQLWarmUpTests
{
    [Fact]
    public async Task The_served_schema_is_built_by_the_warm_up_before_any_request()
    {
        // A host of its own: no other test has sent it a request that would have built the schema.
        await using var app = new TimeBankApp();
        await app.InitializeAsync();
        var warmUp = app.Services.GetServices<IHostedService>().OfType<GraphQLWarmUp>().Single();
        await warmUp.Completion.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(app.Services.GetRequiredService<ISchema>().Initialized);
    }
}
