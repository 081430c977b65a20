using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;

namespace TimeBank.Api.Tests.GraphQLHttp;

/// <summary>Tests that need a host configured differently from the shared one.</summary>
public sealed class OtherHostTests
{
    [Fact]
    public async Task Expose_exception_details_adds_the_exception_under_extensions_details()
    {
        await using var app = await GraphQLHttpHost.StartAsync(configure: options => options.ExposeExceptionDetails = true);
        using var client = app.GetTestClient();

        using var response = await client.PostAsJsonAsync("/graphql", new { query = "{ boom }" });

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var extensions = body.RootElement.GetProperty("errors")[0].GetProperty("extensions");
        Assert.Equal("INTERNAL", extensions.GetProperty("code").GetString());
        Assert.Contains(TestQuery.SecretExceptionText, extensions.GetProperty("details").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutation_on_a_schema_without_mutations_is_a_validation_error_not_an_internal_error()
    {
        await using var app = await GraphQLHttpHost.StartAsync<QueryOnlySchema>();
        using var client = app.GetTestClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = "mutation { echo(text: \"x\") }" }) };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");

        using var response = await client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.BadRequest, text);
        Assert.DoesNotContain("INTERNAL", text, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(text);
        Assert.False(body.RootElement.TryGetProperty("data", out _), text);
        Assert.All(body.RootElement.GetProperty("errors").EnumerateArray(), error =>
            Assert.Equal("GRAPHQL_VALIDATION_FAILED", error.GetProperty("extensions").GetProperty("code").GetString()));
    }
}
