using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Host;

namespace TimeBank.Api.Tests.GraphQL;

/// <summary>
/// Navigation fields are loaded in batches: the number of database commands a query issues does not grow with the
/// number of records it lists. Commands are counted with Npgsql's own tracing, for the request's trace alone.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class BatchLoadingTests(TimeBankApp app)
{
    private const string Query = """
        query($c: ID!) {
          recordsAwaitingVerification(communityId: $c, first: 100) {
            edges { node { recordId volunteer { volunteerId homeCommunity { name } commendations { title } } project { name community { name } } community { name } } }
          }
        }
        """;

    [Fact]
    public async Task Navigation_fields_cost_the_same_number_of_database_commands_for_5_records_as_for_40()
    {
        var few = await CommunityWithRecordsAsync(volunteers: 5, recordsEach: 1);
        var many = await CommunityWithRecordsAsync(volunteers: 10, recordsEach: 4);
        await CountCommandsAsync(few); // first use of each document type in this host may check its storage

        var (fewRecords, fewCommands) = await CountCommandsAsync(few);
        var (manyRecords, manyCommands) = await CountCommandsAsync(many);

        Assert.Equal(5, fewRecords);
        Assert.Equal(40, manyRecords);
        Assert.True(fewCommands > 0, "No database command was seen: the counting does not work.");
        Assert.True(fewCommands == manyCommands, $"{fewCommands} database commands for 5 records, {manyCommands} for 40.");
        // the records, then one load per type and level: accounts, projects and communities (the next level's
        // communities were loaded already), and the accounts' commendations
        Assert.True(manyCommands <= 5, $"{manyCommands} database commands for one query of 40 records.");
    }

    private async Task<LedgerScenario> CommunityWithRecordsAsync(int volunteers, int recordsEach)
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var firstStart = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-5);
        for (var v = 0; v < volunteers; v++)
        {
            var volunteerId = Guid.CreateVersion7();
            await scenario.RegisterVolunteerAsync(volunteerId);
            for (var r = 0; r < recordsEach; r++)
            {
                (await scenario.SubmitAsync(Guid.CreateVersion7(), firstStart.AddHours(r), 30, volunteerId)).Ok("submitServiceRecord.record.id");
            }
        }

        return scenario;
    }

    /// <summary>Runs the query as the community's staff under a fresh trace id; counts Npgsql's commands in that trace.</summary>
    private async Task<(int Records, int Commands)> CountCommandsAsync(LedgerScenario scenario)
    {
        var traceId = ActivityTraceId.CreateRandom();
        var commands = new ConcurrentBag<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    commands.Add(activity.DisplayName);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/graphql", UriKind.Relative))
        {
            Content = JsonContent.Create(new { query = Query, variables = new { c = scenario.CommunityId } }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", scenario.Staff);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await client.SendAsync(request);
        var answer = new GraphQLAnswer(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject(), string.Empty);

        var edges = answer.Ok("recordsAwaitingVerification.edges").AsArray();
        foreach (var node in edges.Select(e => e!["node"]!))
        {
            // every navigation field resolved: the loaders were used, not skipped
            Assert.NotNull(node["volunteer"]?["homeCommunity"]?["name"]);
            Assert.NotNull(node["project"]?["community"]?["name"]);
            Assert.NotNull(node["community"]?["name"]);
        }

        return (edges.Count, commands.Count);
    }
}
