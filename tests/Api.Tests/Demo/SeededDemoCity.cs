using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Demo;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;

namespace TimeBank.Api.Tests.Demo;

/// <summary>The host on a database of its own holding the demo city, as <c>dotnet run</c> seeds it.</summary>
public sealed class SeededDemoCity : IAsyncLifetime
{
    public TimeBankApp App { get; } = new();

    public LedgerGraphQLClient Client => new(App);

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        await ActivatorUtilities.CreateInstance<DemoSeeder>(App.Services).SeedAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
