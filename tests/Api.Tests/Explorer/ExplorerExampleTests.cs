using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Explorer;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Redemptions;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Explorer;

/// <summary>The explorer opens with an example for the signed-in role, its variables filled in, that runs as it is.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ExplorerExampleTests(TimeBankApp app)
{
    private static readonly DateOnly Today = new(2026, 12, 5);

    /// <summary>One caller of each kind the explorer tells apart: every example it can give.</summary>
    private static readonly Actor?[] Callers =
    [
        null,
        Actor.Volunteer(Guid.CreateVersion7()),
        Actor.Staff(Guid.CreateVersion7(), Guid.CreateVersion7()),
        Actor.Staff(Guid.CreateVersion7()),
        Actor.Merchant(Guid.CreateVersion7(), Guid.CreateVersion7()),
        Actor.CityAdmin(Guid.CreateVersion7()),
    ];

    [Fact]
    public async Task Every_example_is_a_valid_document_of_the_schema_with_its_variables()
    {
        var schema = app.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        var examples = Callers.Select(caller => ExplorerExamples.For(caller, Today)).ToList();
        Assert.Equal(ExplorerExamples.All.Order(StringComparer.Ordinal), examples.Select(e => e.Query).Distinct().Order(StringComparer.Ordinal));

        foreach (var example in examples)
        {
            var document = GraphQLParser.Parser.Parse(example.Query);
            var result = await new DocumentValidator().ValidateAsync(new ValidationOptions
            {
                Schema = schema,
                Document = document,
                Operation = document.Definitions.OfType<GraphQLOperationDefinition>().Single(),
                Variables = new Inputs(example.Variables.ToDictionary(v => v.Key, v => (object?)v.Value)),
                Extensions = Inputs.Empty,
                UserContext = new Dictionary<string, object?>(),
                RequestServices = app.Services,
            });

            Assert.True(result.IsValid, $"{example.Role}: {string.Join("; ", result.Errors.Select(e => e.Message))}");
        }
    }

    [Fact]
    public async Task Each_role_gets_an_example_filled_in_from_its_token_that_runs_and_shows_its_own_things()
    {
        var till = await TillCity.CreateAsync(app);
        var city = till.City;
        var volunteer = await city.RegisterVolunteerAsync();
        var awaiting = await city.SubmitAsync(volunteer, day: 3);
        var cashier = await till.ApprovedMerchantAsync();

        var asVolunteer = await RunExampleAsync(Actor.Volunteer(volunteer));
        Assert.Equal(("volunteer", volunteer.ToString()), (asVolunteer.Role, asVolunteer.Variables["volunteerId"]!.GetValue<string>()));
        Assert.Equal("八大关社区", asVolunteer.Answer.Ok("me.account.homeCommunity.name").GetValue<string>());
        Assert.NotNull(asVolunteer.Answer.Ok("history.edges"));

        var asStaff = await RunExampleAsync(city.Staff);
        Assert.Equal(("staff", city.CommunityId.ToString()), (asStaff.Role, asStaff.Variables["communityId"]!.GetValue<string>()));
        Assert.Contains(awaiting.ToString(), asStaff.Answer.Ok("recordsAwaitingVerification.edges").AsArray().Select(e => e!["node"]!["recordId"]!.GetValue<string>()));

        var asMerchant = await RunExampleAsync(cashier);
        Assert.Equal("merchant", asMerchant.Role);
        Assert.Equal(cashier.MerchantId.ToString(), asMerchant.Variables["merchantId"]!.GetValue<string>());
        var to = DateOnly.Parse(asMerchant.Variables["to"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var from = DateOnly.Parse(asMerchant.Variables["from"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((DateOnly.FromDateTime(DateTime.UtcNow), ExplorerExamples.StatementDays - 1), (to, to.DayNumber - from.DayNumber));
        Assert.Equal(0, asMerchant.Answer.Ok("settlementStatement.net").GetValue<long>());
        Assert.Equal("爱心超市", asMerchant.Answer.Ok("me.merchant.name").GetValue<string>());

        var asAdmin = await RunExampleAsync(TimeBankApp.CityAdmin);
        Assert.Equal("city_admin", asAdmin.Role);
        Assert.NotEmpty(asAdmin.Answer.Ok("communities.edges").AsArray());

        var anonymous = await RunExampleAsync(null);
        Assert.Equal("anonymous", anonymous.Role);
        Assert.Equal("UNAUTHENTICATED", anonymous.Answer.Code());
    }

    [Fact]
    public async Task The_explorer_page_asks_for_the_example_of_the_header_it_is_given()
    {
        using var client = app.CreateClient();
        var script = await client.GetStringAsync(new Uri("/explorer/explorer.js", UriKind.Relative));

        Assert.Contains("fetch('/explorer/example'", script, StringComparison.Ordinal);
        Assert.Contains("onEditHeaders: onEditHeaders", script, StringComparison.Ordinal);
        using var response = await client.GetAsync(new Uri(ExplorerExamples.Path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    private async Task<(string Role, JsonObject Variables, GraphQLAnswer Answer)> RunExampleAsync(Actor? caller)
    {
        var token = caller is null ? null : TestTokens.For(caller);
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ExplorerExamples.Path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var example = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var variables = example["variables"]!.AsObject();
        var answer = await new LedgerGraphQLClient(app).SendAsync(token, example["query"]!.GetValue<string>(), variables);
        return (example["role"]!.GetValue<string>(), variables, answer);
    }
}
