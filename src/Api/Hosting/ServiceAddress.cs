namespace TimeBank.Api.Hosting;

/// <summary>
/// Where the service listens. Whatever the operator names wins: <c>ASPNETCORE_URLS</c>, <c>--urls</c>,
/// <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c> or <c>Kestrel:Endpoints</c>. Only when nothing is named does it take the
/// README's address. Chosen here rather than in the launch profile: <c>dotnet run</c> lets a profile's
/// <c>applicationUrl</c> override an <c>ASPNETCORE_URLS</c> given on the command line.
/// </summary>
public static class ServiceAddress
{
    public const string Default = "http://localhost:5162";

    /// <summary>The address to listen on when <paramref name="configuration"/> names none; null when it names one.</summary>
    public static string? WhenNoneConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var named = new[] { "urls", "http_ports", "https_ports" }.Any(key => !string.IsNullOrWhiteSpace(configuration[key]))
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
        return named ? null : Default;
    }
}
