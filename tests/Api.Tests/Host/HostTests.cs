using System.Net;

namespace TimeBank.Api.Tests.Host;

[Collection(LedgerCollection.Name)]
public sealed class HostTests(TimeBankApp app)
{
    [Fact]
    public async Task Ready_answers_200_when_PostgreSQL_answers()
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Live_answers_200()
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

[CollectionDefinition(Name)]
public sealed class LedgerCollection : ICollectionFixture<TimeBankApp>
{
    public const string Name = "ledger on PostgreSQL";
}
