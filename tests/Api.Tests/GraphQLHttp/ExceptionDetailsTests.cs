using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;

namespace TimeBank.Api.Tests.GraphQLHttp;

public sealed class ExceptionDetailsTests
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
}
