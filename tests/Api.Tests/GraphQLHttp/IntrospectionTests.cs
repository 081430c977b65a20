using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TimeBank.Api.Tests.GraphQLHttp;

/// <summary>Tooling (GraphiQL, codegen) must be able to introspect whatever the depth and complexity limits; introspection must not explode.</summary>
public sealed class IntrospectionTests(GraphQLHttpHost host) : IClassFixture<GraphQLHttpHost>
{
    // graphql-js getIntrospectionQuery(), with TypeRef nested 9 levels deep as recent tools send it.
    private const string IntrospectionQuery = """
        query IntrospectionQuery {
          __schema {
            queryType { name }
            mutationType { name }
            subscriptionType { name }
            types { ...FullType }
            directives { name description locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description
          fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type {
          kind name
          ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
            ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
        }
        """;

    [Fact]
    public async Task Standard_introspection_query_is_exempt_from_depth_and_complexity_limits()
    {
        using var response = await PostAsync(IntrospectionQuery);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var body = JsonDocument.Parse(text);
        Assert.False(body.RootElement.TryGetProperty("errors", out _), text);
        Assert.Equal("Query", body.RootElement.GetProperty("data").GetProperty("__schema").GetProperty("queryType").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Introspection_nesting_three_list_fields_is_refused_as_too_deep()
    {
        using var response = await PostAsync("{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("QUERY_TOO_DEEP", body.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Introspection_mixed_with_data_fields_is_held_to_the_limits()
    {
        using var response = await PostAsync("{ hello(name: \"x\") __schema { types { fields { type { ofType { ofType { name } } } } } } }");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("QUERY_TOO_DEEP", body.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    private async Task<HttpResponseMessage> PostAsync(string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query }) };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        return await host.Client.SendAsync(request);
    }
}
