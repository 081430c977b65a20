using TimeBank.Api.Tests.Host;

namespace TimeBank.Api.Tests.GraphQL;

/// <summary>Every mutation's commandId is a UUID the client chooses; anything else is refused before anything runs, in words that say so.</summary>
[Collection(LedgerCollection.Name)]
public sealed class CommandIdTests(TimeBankApp app)
{
    private const string Register = """
        mutation($input: RegisterCommunityInput!) { registerCommunity(input: $input) { community { id } } }
        """;

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("1234")]
    [InlineData("")]
    public async Task A_commandId_in_variables_that_is_not_a_UUID_is_refused_and_says_so(string commandId)
    {
        var client = new LedgerGraphQLClient(app);

        var answer = await client.SendAsync(LedgerScenario.Admin, Register,
            new { input = new { commandId, name = "Harmony", street = "East Street", district = "Central" } });

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", answer.Code());
        AssertSaysCommandIdMustBeAUuid(answer);
        Assert.Null(answer.Data?["registerCommunity"]);
    }

    [Fact]
    public async Task A_commandId_literal_that_is_not_a_UUID_is_refused_and_says_so()
    {
        var client = new LedgerGraphQLClient(app);

        var answer = await client.SendAsync(LedgerScenario.Admin, """
            mutation { registerCommunity(input: { commandId: "not-a-uuid", name: "Harmony", street: "East Street", district: "Central" }) { community { id } } }
            """);

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", answer.Code());
        AssertSaysCommandIdMustBeAUuid(answer);
    }

    [Fact]
    public async Task A_global_id_is_no_commandId()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var globalId = (await scenario.SubmitAsync(Guid.CreateVersion7(), LedgerScenario.PastSlot(), 30)).Ok("submitServiceRecord.record.id").GetValue<string>();

        var answer = await scenario.Client.SendAsync(LedgerScenario.Admin, Register,
            new { input = new { commandId = globalId, name = "Harmony", street = "East Street", district = "Central" } });

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", answer.Code());
        AssertSaysCommandIdMustBeAUuid(answer);
    }

    private static void AssertSaysCommandIdMustBeAUuid(GraphQLAnswer answer)
    {
        var message = answer.Errors[0]!.Value<string>("message");
        Assert.True(message.Contains("commandId must be a UUID", StringComparison.Ordinal), message);
    }
}
