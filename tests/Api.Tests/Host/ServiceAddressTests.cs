using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using TimeBank.Api.Hosting;
using TimeBank.LocalDatabase;

namespace TimeBank.Api.Tests.Host;

/// <summary>The port the operator names wins; the README's default only when none is named.</summary>
public sealed class ServiceAddressTests
{
    [Theory]
    [InlineData("urls", "http://127.0.0.1:6001")]
    [InlineData("http_ports", "6002")]
    [InlineData("https_ports", "6003")]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://0.0.0.0:6004")]
    public void An_address_the_operator_names_wins(string key, string value) =>
        Assert.Null(ServiceAddress.WhenNoneConfigured(Configuration((key, value))));

    [Fact]
    public void Without_one_the_service_takes_the_readmes_address() =>
        Assert.Equal("http://localhost:5162", ServiceAddress.WhenNoneConfigured(Configuration()));

    [Fact]
    public void The_launch_profile_names_no_address_so_that_ASPNETCORE_URLS_given_to_dotnet_run_is_not_overridden()
    {
        var root = LocalPostgres.FindProjectRoot(AppContext.BaseDirectory);
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "src", "Api", "Properties", "launchSettings.json")))!;
        foreach (var (name, profile) in settings["profiles"]!.AsObject())
        {
            Assert.True(profile!["applicationUrl"] is null, $"The launch profile '{name}' sets applicationUrl, which overrides ASPNETCORE_URLS under dotnet run.");
            Assert.True(profile["environmentVariables"]?["ASPNETCORE_URLS"] is null, $"The launch profile '{name}' sets ASPNETCORE_URLS.");
        }
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
