using System.Buffers.Text;
using System.Text;
using TimeBank.Api.Tests.Host;

namespace TimeBank.Api.Tests.GraphQL;

[Collection(LedgerCollection.Name)]
public sealed class RelayNodeTests(TimeBankApp app)
{
    private const string NodeQuery = """
        query($id: ID!) {
          node(id: $id) {
            __typename id
            ... on VolunteerAccount { volunteerId }
            ... on ServiceRecord { recordId status }
            ... on Community { communityId name }
            ... on Project { projectId name }
          }
        }
        """;

    [Fact]
    public async Task Every_node_is_found_again_by_its_global_id()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var recordId = Guid.CreateVersion7();
        (await scenario.SubmitAsync(recordId, LedgerScenario.PastSlot(), 30)).Ok("submitServiceRecord.record.id");
        var ids = (await scenario.Client.SendAsync(scenario.Staff, """
            query($r: ID!) { serviceRecord(id: $r) { id volunteer { id } project { id community { id } } community { id } } }
            """, new { r = recordId })).Ok("serviceRecord");

        var expected = new (string Id, string Type, string UuidField, Guid Uuid)[]
        {
            (ids["id"]!.GetValue<string>(), "ServiceRecord", "recordId", recordId),
            (ids["volunteer"]!["id"]!.GetValue<string>(), "VolunteerAccount", "volunteerId", scenario.VolunteerId),
            (ids["project"]!["id"]!.GetValue<string>(), "Project", "projectId", scenario.ProjectId),
            (ids["community"]!["id"]!.GetValue<string>(), "Community", "communityId", scenario.CommunityId),
        };
        Assert.Equal(ids["community"]!["id"]!.GetValue<string>(), ids["project"]!["community"]!["id"]!.GetValue<string>());
        foreach (var (id, type, uuidField, uuid) in expected)
        {
            Assert.DoesNotContain(uuid.ToString(), id, StringComparison.OrdinalIgnoreCase); // opaque, not the UUID
            var node = (await scenario.Client.SendAsync(scenario.Staff, NodeQuery, new { id })).Ok("node");
            Assert.Equal(type, node.Value<string>("__typename"));
            Assert.Equal(id, node.Value<string>("id"));
            Assert.Equal(uuid.ToString(), node.Value<string>(uuidField));
        }

        // nodes: the same, in the order asked, one answer for all
        var nodes = (await scenario.Client.SendAsync(scenario.Staff, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            new { ids = expected.Select(e => e.Id).Reverse().ToArray() })).Ok("nodes").AsArray();
        Assert.Equal(expected.Select(e => e.Id).Reverse(), nodes.Select(n => n!.Value<string>("id")));
    }

    [Fact]
    public async Task A_node_the_caller_may_not_read_answers_exactly_like_a_missing_one()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var recordId = Guid.CreateVersion7();
        (await scenario.SubmitAsync(recordId, LedgerScenario.PastSlot(), 30)).Ok("submitServiceRecord.record.id");
        var stranger = TestTokens.For(Guid.CreateVersion7(), "volunteer");
        var otherStaff = TestTokens.For(Guid.CreateVersion7(), "staff", Guid.CreateVersion7());

        foreach (var (type, uuid) in new[] { ("ServiceRecord", recordId), ("VolunteerAccount", scenario.VolunteerId) })
        {
            var existing = GlobalId(type, uuid);
            var missing = GlobalId(type, Guid.CreateVersion7());
            foreach (var caller in new[] { stranger, otherStaff })
            {
                var hidden = await scenario.Client.SendAsync(caller, NodeQuery, new { id = existing });
                var absent = await scenario.Client.SendAsync(caller, NodeQuery, new { id = missing });
                Assert.Equal("NOT_FOUND", hidden.Code());
                Assert.Null(hidden.At("node"));
                Assert.Equal(absent.Body.Replace(missing, "<id>", StringComparison.Ordinal), hidden.Body.Replace(existing, "<id>", StringComparison.Ordinal));

                var hiddenInList = await scenario.Client.SendAsync(caller, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids = new[] { existing } });
                var absentInList = await scenario.Client.SendAsync(caller, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids = new[] { missing } });
                Assert.Equal(absentInList.Body.Replace(missing, "<id>", StringComparison.Ordinal),
                    hiddenInList.Body.Replace(existing, "<id>", StringComparison.Ordinal));
            }

            // the volunteer and the community's staff do see it
            (await scenario.Client.SendAsync(scenario.Volunteer, NodeQuery, new { id = existing })).Ok("node.id");
            (await scenario.Client.SendAsync(scenario.Staff, NodeQuery, new { id = existing })).Ok("node.id");
        }
    }

    [Fact]
    public async Task Nodes_answers_null_and_NOT_FOUND_at_the_path_of_each_id_not_found()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var found = GlobalId("VolunteerAccount", scenario.VolunteerId);
        var missing = GlobalId("Project", Guid.CreateVersion7());

        var answer = await scenario.Client.SendAsync(scenario.Volunteer, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids = new[] { found, missing } });

        var nodes = answer.Data!["nodes"]!.AsArray();
        Assert.Equal(found, nodes[0]!.Value<string>("id"));
        Assert.Null(nodes[1]);
        var error = Assert.Single(answer.Errors)!;
        Assert.Equal("NOT_FOUND", error["extensions"]!.Value<string>("code"));
        Assert.Equal(["nodes", "1"], error["path"]!.AsArray().Select(p => p!.ToString()));
    }

    [Theory]
    [InlineData("not-a-global-id")]
    [InlineData("U2VydmljZVJlY29yZDp4eXo")] // "ServiceRecord:xyz"
    [InlineData("VW5rbm93bjowMTkzMDAwMC0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDA")] // "Unknown:<uuid>"
    public async Task A_malformed_global_id_is_refused_before_anything_runs(string id)
    {
        var scenario = await LedgerScenario.StartAsync(app);

        var asVariable = await scenario.Client.SendAsync(scenario.Volunteer, NodeQuery, new { id });
        var asLiteral = await scenario.Client.SendAsync(scenario.Volunteer, $$"""{ node(id: "{{id}}") { id } }""");

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", asVariable.Code());
        Assert.Contains("Variable '$id' is invalid", asVariable.Errors[0]!.Value<string>("message"), StringComparison.Ordinal);
        Assert.Null(asVariable.Data);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", asLiteral.Code());
        Assert.Contains("Argument 'id' has invalid value", asLiteral.Errors[0]!.Value<string>("message"), StringComparison.Ordinal);
        Assert.Null(asLiteral.Data);
    }

    [Fact]
    public async Task A_UUID_given_to_node_is_INVALID_INPUT_and_says_what_to_give()
    {
        var scenario = await LedgerScenario.StartAsync(app);

        var answer = await scenario.Client.SendAsync(scenario.Volunteer, NodeQuery, new { id = scenario.VolunteerId });

        Assert.Equal("INVALID_INPUT", answer.Code());
        Assert.Contains("global id", answer.Errors[0]!.Value<string>("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nodes_takes_at_most_100_ids()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var ids = Enumerable.Range(0, 101).Select(_ => GlobalId("Project", Guid.CreateVersion7())).ToArray();

        var answer = await scenario.Client.SendAsync(scenario.Volunteer, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids });

        Assert.Equal("INVALID_INPUT", answer.Code());
        (await scenario.Client.SendAsync(scenario.Volunteer, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids = ids[..100] }))
            .Data!["nodes"]!.AsArray().ToList().ForEach(Assert.Null);
    }

    [Fact]
    public async Task A_global_id_is_taken_where_a_UUID_is_expected()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var recordId = Guid.CreateVersion7();
        var globalId = (await scenario.SubmitAsync(recordId, LedgerScenario.PastSlot(), 30)).Ok("submitServiceRecord.record.id").GetValue<string>();

        var record = await scenario.Client.SendAsync(scenario.Staff, "query($id: ID!) { serviceRecord(id: $id) { recordId } }", new { id = globalId });
        var verified = await scenario.Client.SendAsync(scenario.Staff, """
            mutation($input: VerifyServiceRecordsInput!) { verifyServiceRecords(input: $input) { recordIds } }
            """, new { input = new { commandId = Guid.CreateVersion7(), recordIds = new[] { globalId } } });

        Assert.Equal(recordId.ToString(), record.Ok("serviceRecord.recordId").GetValue<string>());
        Assert.Equal([recordId.ToString()], verified.Ok("verifyServiceRecords.recordIds").AsArray().Select(id => id!.GetValue<string>()));
    }

    [Fact]
    public async Task Navigation_to_an_account_the_caller_may_not_read_is_null()
    {
        // A volunteer of community A serves in community B: B's staff read the record, not the volunteer's account.
        var home = await LedgerScenario.StartAsync(app);
        var elsewhere = await LedgerScenario.StartAsync(app);
        var recordId = Guid.CreateVersion7();
        (await elsewhere.SubmitAsync(recordId, LedgerScenario.PastSlot(), 30, volunteerId: home.VolunteerId)).Ok("submitServiceRecord.record.id");
        const string Query = "query($id: ID!) { serviceRecord(id: $id) { volunteerId volunteer { volunteerId } project { projectId } community { communityId } } }";

        var asOtherStaff = await elsewhere.Client.SendAsync(elsewhere.Staff, Query, new { id = recordId });
        var asVolunteer = await elsewhere.Client.SendAsync(home.Volunteer, Query, new { id = recordId });

        Assert.Equal(home.VolunteerId.ToString(), asOtherStaff.Ok("serviceRecord.volunteerId").GetValue<string>());
        Assert.Null(asOtherStaff.At("serviceRecord.volunteer"));
        Assert.Equal(elsewhere.ProjectId.ToString(), asOtherStaff.Ok("serviceRecord.project.projectId").GetValue<string>());
        Assert.Equal(elsewhere.CommunityId.ToString(), asOtherStaff.Ok("serviceRecord.community.communityId").GetValue<string>());
        Assert.Equal(home.VolunteerId.ToString(), asVolunteer.Ok("serviceRecord.volunteer.volunteerId").GetValue<string>());
    }

    private static string GlobalId(string type, Guid id) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{type}:{id:D}"));
}
