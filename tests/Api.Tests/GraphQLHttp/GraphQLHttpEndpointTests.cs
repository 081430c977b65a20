using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TimeBank.GraphQL.Http;

namespace TimeBank.Api.Tests.GraphQLHttp;

public sealed class GraphQLHttpEndpointTests(GraphQLHttpHost host) : IClassFixture<GraphQLHttpHost>
{
    private const string GraphQLResponseJson = "application/graphql-response+json";
    private const string Json = "application/json";

    private readonly HttpClient _client = host.Client;

    // ---- happy paths -------------------------------------------------------------------------------

    [Fact]
    public async Task Post_query_returns_200_with_data_as_graphql_response_json()
    {
        using var response = await PostAsync("""{"query":"query($n: String!) { hello(name: $n) }","variables":{"n":"Ada"}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GraphQLResponseJson, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        using var body = await ReadAsync(response);
        Assert.Equal("Hello, Ada!", body.RootElement.GetProperty("data").GetProperty("hello").GetString());
        Assert.False(body.RootElement.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task Get_query_with_json_encoded_variables_returns_200_with_data()
    {
        var url = "/graphql?query=" + Uri.EscapeDataString("query($n: String!) { hello(name: $n) }")
                  + "&variables=" + Uri.EscapeDataString("""{"n":"Grace"}""");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd(GraphQLResponseJson);
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadAsync(response);
        Assert.Equal("Hello, Grace!", body.RootElement.GetProperty("data").GetProperty("hello").GetString());
    }

    [Fact]
    public async Task Post_mutation_returns_200_with_data()
    {
        using var response = await PostAsync("""{"query":"mutation { echo(text: \"hi\") }"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadAsync(response);
        Assert.Equal("hi", body.RootElement.GetProperty("data").GetProperty("echo").GetString());
    }

    [Fact]
    public async Task Null_variables_extensions_and_operation_name_are_accepted()
    {
        using var response = await PostAsync("""{"query":"{ hello(name: \"x\") }","variables":null,"extensions":null,"operationName":null}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Operation_name_selects_among_several_operations()
    {
        using var response = await PostAsync("""{"query":"query A { hello(name: \"a\") } query B { hello(name: \"b\") }","operationName":"B"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadAsync(response);
        Assert.Equal("Hello, b!", body.RootElement.GetProperty("data").GetProperty("hello").GetString());
    }

    [Fact]
    public async Task Resolvers_see_the_http_context_and_user_through_the_user_context()
    {
        using var response = await PostAsync("""{"query":"{ requestPath userIsPassed }"}""");

        using var body = await ReadAsync(response);
        var data = body.RootElement.GetProperty("data");
        Assert.Equal("/graphql", data.GetProperty("requestPath").GetString());
        Assert.True(data.GetProperty("userIsPassed").GetBoolean());
    }

    // ---- methods -----------------------------------------------------------------------------------

    [Fact]
    public async Task Mutation_over_get_returns_405_with_allow_post()
    {
        using var response = await _client.GetAsync("/graphql?query=" + Uri.EscapeDataString("mutation { echo(text: \"x\") }"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        await AssertSingleErrorCodeAsync(response, GraphQLErrorCodes.MethodNotAllowed);
    }

    [Fact]
    public async Task A_mutation_already_executed_by_post_is_still_refused_over_get()
    {
        const string mutation = "mutation { echo(text: \"cached\") }";
        using var posted = await PostAsync(JsonSerializer.Serialize(new { query = mutation }));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        using var response = await _client.GetAsync("/graphql?query=" + Uri.EscapeDataString(mutation));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        await AssertSingleErrorCodeAsync(response, GraphQLErrorCodes.MethodNotAllowed);
    }

    [Fact]
    public async Task A_document_already_executed_still_has_its_variables_checked()
    {
        const string query = "query($n: String!) { hello(name: $n) } # variables checked again";
        using var first = await PostAsync(JsonSerializer.Serialize(new { query, variables = new { n = "Ada" } }));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var response = await PostAsync(JsonSerializer.Serialize(new { query, variables = new { n = (string?)null } }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = await ReadAsync(response);
        Assert.False(body.RootElement.TryGetProperty("data", out _));
        Assert.NotEmpty(body.RootElement.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task Put_returns_405_with_allow_get_and_post()
    {
        using var content = new StringContent("""{"query":"{ hello(name: \"x\") }"}""", Encoding.UTF8, Json);
        using var response = await _client.PutAsync("/graphql", content);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "POST"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
    }

    // ---- request shape -----------------------------------------------------------------------------

    [Fact]
    public async Task Post_with_a_content_type_other_than_json_returns_415()
    {
        using var response = await PostAsync("""{"query":"{ hello(name: \"x\") }"}""", contentType: "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Post_with_json_content_type_and_utf8_charset_is_accepted()
    {
        using var response = await PostAsync("""{"query":"{ hello(name: \"x\") }"}""", contentType: "application/json; charset=UTF-8");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_returns_400_bad_request()
    {
        using var response = await PostAsync("""{"query": "{ hello(name: \"x\") }" """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertSingleErrorCodeAsync(response, GraphQLErrorCodes.BadRequest);
    }

    [Theory]
    [InlineData("""{"query":"{ \ud800 hello(name: \"x\") }"}""")]
    [InlineData("""{"query":"{ hello(name: $n) }","operationName":"\udc00"}""")]
    [InlineData("""{"query":"query($n: String) { hello(name: $n) }","variables":{"n":"\ud800"}}""")]
    [InlineData("""{"query":"{ hello(name: \"x\") }","extensions":{"\udfff":1}}""")]
    public async Task A_lone_utf16_surrogate_anywhere_in_the_body_is_a_400_with_a_code(string body)
    {
        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = await AssertSingleErrorCodeAsync(response, GraphQLErrorCodes.BadRequest);
        Assert.Contains("surrogate", error.RootElement.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("variables", """{"n":"\ud800"}""")]
    [InlineData("extensions", """{"\udfff":1}""")]
    public async Task A_lone_utf16_surrogate_in_a_get_parameter_is_a_400_with_a_code(string parameter, string json)
    {
        var query = Uri.EscapeDataString("query($n: String) { hello(name: $n) }");
        using var response = await _client.GetAsync($"/graphql?query={query}&{parameter}={Uri.EscapeDataString(json)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = await AssertSingleErrorCodeAsync(response, GraphQLErrorCodes.BadRequest);
        Assert.Contains("surrogate", error.RootElement.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"{ hello(name: \\\"x\\\") }\"")]
    [InlineData("42")]
    [InlineData("null")]
    public async Task Body_that_is_not_a_json_object_returns_400(string body)
    {
        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertSingleErrorCodeAsync(response, GraphQLErrorCodes.BadRequest);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"query":null}""")]
    [InlineData("""{"query":42}""")]
    [InlineData("""{"query":{"text":"{ hello }"}}""")]
    public async Task Missing_or_non_string_query_returns_400(string body)
    {
        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertSingleErrorCodeAsync(response, GraphQLErrorCodes.BadRequest);
    }

    [Theory]
    [InlineData("""{"query":"{ hello(name: \"x\") }","variables":[1]}""")]
    [InlineData("""{"query":"{ hello(name: \"x\") }","variables":"{}"}""")]
    [InlineData("""{"query":"{ hello(name: \"x\") }","extensions":42}""")]
    public async Task Variables_or_extensions_not_an_object_returns_400(string body)
    {
        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertSingleErrorCodeAsync(response, GraphQLErrorCodes.BadRequest);
    }

    [Theory]
    [InlineData("/graphql")]
    [InlineData("/graphql?variables=%7B%7D")]
    [InlineData("/graphql?query=%7B%20hello(name%3A%20%22x%22)%20%7D&query=%7B%20hello(name%3A%20%22y%22)%20%7D")]
    [InlineData("/graphql?query=%7B%20hello(name%3A%20%22x%22)%20%7D&variables=not-json")]
    [InlineData("/graphql?query=%7B%20hello(name%3A%20%22x%22)%20%7D&variables=%5B%5D")]
    [InlineData("/graphql?query=%7B%20hello(name%3A%20%22x%22)%20%7D&extensions=1")]
    public async Task Get_without_a_single_query_or_with_bad_json_parameters_returns_400(string url)
    {
        using var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertSingleErrorCodeAsync(response, GraphQLErrorCodes.BadRequest);
    }

    [Fact]
    public async Task Operation_name_not_a_string_returns_400()
    {
        using var response = await PostAsync("""{"query":"{ hello(name: \"x\") }","operationName":1}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertSingleErrorCodeAsync(response, GraphQLErrorCodes.BadRequest);
    }

    // ---- GraphQL request errors: 400 with graphql-response+json, 200 with application/json ----------

    [Fact]
    public async Task Unparsable_document_returns_400_without_data_as_graphql_response_json()
    {
        using var response = await PostAsync("""{"query":"{ hello(name: "}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(GraphQLResponseJson, response.Content.Headers.ContentType?.MediaType);
        using var body = await AssertSingleErrorCodeAsync(response, GraphQLErrorCodes.ParseFailed);
        Assert.False(body.RootElement.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task Unparsable_document_returns_200_as_application_json()
    {
        using var response = await PostAsync("""{"query":"{ hello(name: "}""", accept: Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Json, response.Content.Headers.ContentType?.MediaType);
        using var body = await AssertSingleErrorCodeAsync(response, GraphQLErrorCodes.ParseFailed);
        Assert.False(body.RootElement.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task Unknown_field_returns_400_validation_failed()
    {
        using var response = await PostAsync("""{"query":"{ nope }"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = await AssertSingleErrorCodeAsync(response, GraphQLErrorCodes.ValidationFailed);
        Assert.True(body.RootElement.GetProperty("errors")[0].TryGetProperty("locations", out _));
    }

    [Fact]
    public async Task Wrong_variable_type_returns_400_validation_failed()
    {
        using var response = await PostAsync("""{"query":"query($n: String!) { hello(name: $n) }","variables":{"n":{"not":"a string"}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertSingleErrorCodeAsync(response, GraphQLErrorCodes.ValidationFailed);
    }

    [Fact]
    public async Task Unknown_operation_name_returns_400_validation_failed()
    {
        using var response = await PostAsync("""{"query":"query A { hello(name: \"a\") }","operationName":"Z"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertSingleErrorCodeAsync(response, GraphQLErrorCodes.ValidationFailed);
    }

    [Fact]
    public async Task Subscription_is_refused_with_400_operation_not_supported()
    {
        using var response = await PostAsync("""{"query":"subscription { hello(name: \"x\") }"}""");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        using var body = JsonDocument.Parse(text);
        Assert.Contains(body.RootElement.GetProperty("errors").EnumerateArray(), error =>
            error.GetProperty("extensions").GetProperty("code").GetString() == GraphQLErrorCodes.OperationNotSupported);
        Assert.DoesNotContain(GraphQLErrorCodes.Internal, text, StringComparison.Ordinal);
    }

    // ---- response media type negotiation -----------------------------------------------------------

    [Fact]
    public async Task Accept_application_json_gets_application_json()
    {
        using var response = await PostAsync("""{"query":"{ hello(name: \"x\") }"}""", accept: Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Json, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
    }

    [Fact]
    public async Task Missing_accept_is_treated_as_application_json()
    {
        using var response = await PostAsync("""{"query":"{ nope }"}""", accept: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Json, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Accept_any_gets_application_json_as_for_legacy_clients()
    {
        using var response = await PostAsync("""{"query":"{ hello(name: \"x\") }"}""", accept: "*/*");

        Assert.Equal(Json, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unacceptable_accept_returns_406()
    {
        using var response = await PostAsync("""{"query":"{ hello(name: \"x\") }"}""", accept: "text/html, application/xml;q=0.9");

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Theory]
    [InlineData("application/json;q=1, application/graphql-response+json;q=0.5", Json)]
    [InlineData("application/json;q=0.8, application/graphql-response+json;q=0.9", GraphQLResponseJson)]
    [InlineData("application/graphql-response+json;q=0, application/*", Json)]
    [InlineData("text/html, application/json;q=0.2, */*;q=0.1", Json)]
    [InlineData("application/json, application/graphql-response+json", GraphQLResponseJson)]
    [InlineData("application/graphql-response+json, */*", GraphQLResponseJson)]
    [InlineData("application/*", Json)]
    public async Task Q_values_decide_the_response_media_type(string accept, string expected)
    {
        using var response = await PostAsync("""{"query":"{ hello(name: \"x\") }"}""", accept: accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
    }

    // ---- limits ------------------------------------------------------------------------------------

    // Depth counts field levels, leaves included: "{ hello }" is 1, "{ node { depth } }" is 2.
    [Fact]
    public async Task Too_deep_query_is_refused_before_execution_with_query_too_deep()
    {
        using var response = await PostAsync("""{"query":"{ node { child { child { child { child { depth } } } } } }"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = await AssertSingleErrorCodeAsync(response, GraphQLErrorCodes.QueryTooDeep);
        Assert.False(body.RootElement.TryGetProperty("data", out _));
        Assert.Contains("too deep", body.RootElement.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_at_the_maximum_depth_is_executed()
    {
        using var response = await PostAsync("""{"query":"{ node { child { child { child { depth } } } } }"}""");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Too_complex_query_is_refused_before_execution_with_query_too_complex()
    {
        var fields = string.Join(' ', Enumerable.Range(0, GraphQLHttpHost.MaxComplexity + 1).Select(i => $"f{i}: hello(name: \\\"x\\\")"));
        using var response = await PostAsync($$"""{"query":"{ {{fields}} }"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = await AssertSingleErrorCodeAsync(response, GraphQLErrorCodes.QueryTooComplex);
        Assert.False(body.RootElement.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task Too_long_document_returns_400_document_too_large()
    {
        var document = "{ hello(name: \\\"" + new string('x', GraphQLHttpHost.MaxDocumentLength) + "\\\") }";
        using var response = await PostAsync($$"""{"query":"{{document}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = await AssertSingleErrorCodeAsync(response, GraphQLErrorCodes.DocumentTooLarge);
        Assert.Contains("maximum allowed", body.RootElement.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_larger_than_the_limit_returns_413()
    {
        var padding = new string(' ', GraphQLHttpHost.MaxRequestBodyBytes);
        using var response = await PostAsync("""{"query":"{ hello(name: \"x\") }"}""" + padding);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Body_of_unknown_length_larger_than_the_limit_returns_413()
    {
        var body = Encoding.UTF8.GetBytes("""{"query":"{ hello(name: \"x\") }"}""" + new string(' ', GraphQLHttpHost.MaxRequestBodyBytes));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StreamContent(new UnseekableStream(body)),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(Json);
        using var response = await _client.SendAsync(request);

        Assert.Null(request.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    // ---- errors during execution -------------------------------------------------------------------

    [Fact]
    public async Task Domain_error_code_is_returned_exactly_with_200_and_null_field()
    {
        using var response = await PostAsync("""{"query":"{ refused hello(name: \"x\") }"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await AssertSingleErrorCodeAsync(response, "TEST_REFUSED");
        var data = body.RootElement.GetProperty("data");
        Assert.Equal(JsonValueKind.Null, data.GetProperty("refused").ValueKind);
        Assert.Equal("Hello, x!", data.GetProperty("hello").GetString());
        var error = body.RootElement.GetProperty("errors")[0];
        Assert.Equal("Not enough points to do that.", error.GetProperty("message").GetString());
        Assert.Equal("refused", error.GetProperty("path")[0].GetString());
    }

    [Fact]
    public async Task Unexpected_exception_returns_internal_error_with_correlation_id_and_no_details()
    {
        using var response = await PostAsync("""{"query":"{ boom }"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperation", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("INVALID_OPERATION", text, StringComparison.Ordinal);

        using var body = JsonDocument.Parse(text);
        var error = Assert.Single(body.RootElement.GetProperty("errors").EnumerateArray());
        var extensions = error.GetProperty("extensions");
        Assert.Equal(GraphQLErrorCodes.Internal, extensions.GetProperty("code").GetString());
        var correlationId = extensions.GetProperty("correlationId").GetString();
        Assert.False(string.IsNullOrEmpty(correlationId));
        Assert.Equal($"An internal error occurred. Correlation id: {correlationId}", error.GetProperty("message").GetString());
        Assert.Equal("boom", error.GetProperty("path")[0].GetString());

        Assert.Contains(host.Logs.Entries, entry =>
            entry.Level == LogLevel.Error
            && entry.Message.Contains(correlationId!, StringComparison.Ordinal)
            && entry.Exception is InvalidOperationException { Message: TestQuery.SecretExceptionText });
    }

    // ---- schema export -----------------------------------------------------------------------------

    [Fact]
    public void Print_schema_prints_the_sdl_of_the_served_schema()
    {
        var schema = host.Services.GetRequiredService<ISchema>();

        var sdl = GraphQLSchemaExport.PrintSchema(schema);

        Assert.Contains("hello(name: String!): String", sdl, StringComparison.Ordinal);
        Assert.Contains("echo(text: String!): String", sdl, StringComparison.Ordinal);
        Assert.Contains("type Node", sdl, StringComparison.Ordinal);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private async Task<HttpResponseMessage> PostAsync(string body, string? accept = GraphQLResponseJson, string contentType = Json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return await _client.SendAsync(request);
    }

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response)
        => JsonDocument.Parse(await response.Content.ReadAsStringAsync());

    /// <summary>Asserts the body holds exactly one error, with a message and the given <c>extensions.code</c>.</summary>
    private static async Task<JsonDocument> AssertSingleErrorCodeAsync(HttpResponseMessage response, string code)
    {
        var body = await ReadAsync(response);
        var error = Assert.Single(body.RootElement.GetProperty("errors").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(code, error.GetProperty("extensions").GetProperty("code").GetString());
        return body;
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
