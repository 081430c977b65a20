using System.Text.Json.Nodes;
using Marten.Events;
using TimeBank.Api.Tests.Host;

namespace TimeBank.Api.Tests.GraphQL;

[Collection(LedgerCollection.Name)]
public sealed class LedgerSchemaTests(TimeBankApp app)
{
    [Fact]
    public async Task Whole_flow_from_community_to_credited_account_runs_through_GraphQL()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var recordId = Guid.CreateVersion7();

        var submitted = await scenario.SubmitAsync(recordId, LedgerScenario.PastSlot(), 45);
        Assert.Equal("SUBMITTED", submitted.Ok("submitServiceRecord.record.status").GetValue<string>());
        Assert.Equal(45, submitted.Ok("submitServiceRecord.record.minutesServed").GetValue<int>());

        var awaiting = await scenario.Client.SendAsync(scenario.Staff, """
            query($c: ID!) { recordsAwaitingVerification(communityId: $c) { edges { node { recordId status } } pageInfo { hasNextPage } } }
            """, new { c = scenario.CommunityId });
        Assert.Equal(recordId.ToString(), Assert.Single(awaiting.Ok("recordsAwaitingVerification.edges").AsArray())!["node"]!.Value<string>("recordId"));

        var verified = await scenario.VerifyAsync(scenario.Staff, recordId);
        Assert.Equal([recordId.ToString()], verified.Ok("verifyServiceRecords.recordIds").AsArray().Select(id => id!.GetValue<string>()));

        var account = await scenario.WaitForServiceMinutesAsync(45);
        Assert.Equal(45, account["serviceMinutes"]);
        Assert.Equal(45, account["timeCredits"]);
        Assert.Equal(7, account["availablePoints"]); // 45 min × 10 points/h × 1.0, rounded down
        Assert.Equal("0h45m", account.Node.Value<string>("serviceHours"));
        var lot = Assert.Single(account.Node["lots"]!.AsArray())!;
        Assert.Equal(recordId.ToString(), lot.Value<string>("lotId"));
        Assert.Equal(7, lot.Long("remaining"));

        var record = await scenario.Client.SendAsync(scenario.Volunteer, "query($id: ID!) { serviceRecord(id: $id) { status verifiedBy } }", new { id = recordId });
        Assert.Equal("CREDITED", record.Ok("serviceRecord.status").GetValue<string>());
        Assert.Equal(scenario.StaffId.ToString(), record.Ok("serviceRecord.verifiedBy").GetValue<string>());
    }

    [Fact]
    public async Task Same_command_id_sent_twice_is_replayed_and_changes_the_ledger_once()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var commandId = Guid.CreateVersion7();
        var recordId = Guid.CreateVersion7();
        var start = LedgerScenario.PastSlot();

        var first = await scenario.SubmitAsync(recordId, start, 30, commandId: commandId);
        var second = await scenario.SubmitAsync(recordId, start, 30, commandId: commandId);

        Assert.False(first.Ok("submitServiceRecord.replayed").GetValue<bool>());
        Assert.True(second.Ok("submitServiceRecord.replayed").GetValue<bool>());
        Assert.Equal(commandId.ToString(), second.Ok("submitServiceRecord.commandId").GetValue<string>());
        Assert.Equal(recordId.ToString(), second.Ok("submitServiceRecord.record.recordId").GetValue<string>());
        await using var session = app.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(recordId);
        Assert.Single(events);
    }

    [Fact]
    public async Task Submit_answers_the_record_as_stored_and_a_replay_answers_the_same()
    {
        // The first answer comes from the command's result, a replay's from the store: both equal the record read afterwards.
        var scenario = await LedgerScenario.StartAsync(app);
        var commandId = Guid.CreateVersion7();
        var recordId = Guid.CreateVersion7();
        var start = new DateTimeOffset(LedgerScenario.PastSlot().UtcDateTime, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(8));
        const string Fields = "id recordId volunteerId projectId communityId projectName category pointsCoefficientPercent earnsTimeCredits place "
            + "startedAt endedAt minutesServed content personInCharge recordedBy status contested verifiedBy";
        var submit = $$"""
            mutation($input: SubmitServiceRecordInput!) { submitServiceRecord(input: $input) { replayed record { {{Fields}} } } }
            """;
        var input = new
        {
            input = new
            {
                commandId, recordId, volunteerId = scenario.VolunteerId, projectId = scenario.ProjectId, startedAt = start, endedAt = start.AddMinutes(50),
                minutesServed = 45, content = "Read the newspaper aloud", place = "  ", personInCharge = "Zhang Min",
            },
        };

        var first = await scenario.Client.SendAsync(scenario.Staff, submit, input);
        var replay = await scenario.Client.SendAsync(scenario.Staff, submit, input);
        var stored = await scenario.Client.SendAsync(scenario.Staff, $$"""query($id: ID!) { serviceRecord(id: $id) { {{Fields}} } }""", new { id = recordId });

        Assert.False(first.Ok("submitServiceRecord.replayed").GetValue<bool>());
        Assert.True(replay.Ok("submitServiceRecord.replayed").GetValue<bool>());
        var read = stored.Ok("serviceRecord").ToJsonString();
        Assert.Equal(read, first.Ok("submitServiceRecord.record").ToJsonString());
        Assert.Equal(read, replay.Ok("submitServiceRecord.record").ToJsonString());
        Assert.Equal("SUBMITTED", stored.Ok("serviceRecord.status").GetValue<string>());
    }

    [Fact]
    public async Task Overlapping_record_is_refused_with_RECORD_OVERLAPS()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var start = LedgerScenario.PastSlot();
        (await scenario.SubmitAsync(Guid.CreateVersion7(), start, 60)).Ok("submitServiceRecord.record.id");

        var overlapping = await scenario.SubmitAsync(Guid.CreateVersion7(), start.AddMinutes(30), 60);

        Assert.Equal("RECORD_OVERLAPS", overlapping.Code());
        Assert.Null(overlapping.At("submitServiceRecord"));
    }

    [Fact]
    public async Task Staff_verifying_their_own_record_is_refused_with_OWN_RECORD()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        await scenario.RegisterVolunteerAsync(scenario.StaffId);
        var recordId = Guid.CreateVersion7();
        (await scenario.SubmitAsync(recordId, LedgerScenario.PastSlot(), 30, volunteerId: scenario.StaffId)).Ok("submitServiceRecord.record.id");

        var verified = await scenario.VerifyAsync(scenario.Staff, recordId);

        Assert.Equal("OWN_RECORD", verified.Code());
    }

    [Fact]
    public async Task Negative_minutes_are_refused_with_INVALID_AMOUNT()
    {
        var scenario = await LedgerScenario.StartAsync(app);

        var submitted = await scenario.SubmitAsync(Guid.CreateVersion7(), LedgerScenario.PastSlot(), -30);

        Assert.Equal("INVALID_AMOUNT", submitted.Code());
    }

    [Fact]
    public async Task Another_volunteers_account_looks_exactly_like_a_missing_one()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var stranger = TestTokens.For(Guid.CreateVersion7(), "volunteer");
        var otherStaff = TestTokens.For(Guid.CreateVersion7(), "staff", Guid.CreateVersion7());
        var missingId = Guid.CreateVersion7();

        var existing = await scenario.AccountAsync(stranger, scenario.VolunteerId);
        var existingToOtherStaff = await scenario.AccountAsync(otherStaff, scenario.VolunteerId);
        var missing = await scenario.AccountAsync(stranger, missingId);

        Assert.Equal(Shape(missing, missingId), Shape(existing, scenario.VolunteerId));
        Assert.Equal(Shape(missing, missingId), Shape(existingToOtherStaff, scenario.VolunteerId));
        Assert.Equal("NOT_FOUND", existing.Code());
        Assert.Null(existing.At("account"));

        // the volunteer, the home community's staff and city admins do see it
        (await scenario.AccountAsync(scenario.Volunteer, scenario.VolunteerId)).Ok("account.volunteerId");
        (await scenario.AccountAsync(scenario.Staff, scenario.VolunteerId)).Ok("account.volunteerId");
        (await scenario.AccountAsync(LedgerScenario.Admin, scenario.VolunteerId)).Ok("account.volunteerId");

        static string Shape(GraphQLAnswer answer, Guid id) => answer.Body.Replace(id.ToString(), "<id>", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chinese_names_and_signs_are_written_as_they_are_not_as_escapes()
    {
        var answer = await new LedgerGraphQLClient(app).SendAsync(LedgerScenario.Admin, """
            mutation($input: RegisterCommunityInput!) { registerCommunity(input: $input) { community { name } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), name = "太平角社区<b>+1", street = "八大关街道", district = "市南区" } });

        Assert.Equal("太平角社区<b>+1", answer.Ok("registerCommunity.community.name").GetValue<string>());
        Assert.Contains(""""太平角社区<b>+1"""", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_caller_is_refused_with_UNAUTHENTICATED()
    {
        var scenario = await LedgerScenario.StartAsync(app);

        var read = await scenario.AccountAsync(actor: null!, scenario.VolunteerId);
        var write = await scenario.Client.SendAsync(null, """
            mutation($input: VerifyServiceRecordsInput!) { verifyServiceRecords(input: $input) { recordIds } }
            """, new { input = new { commandId = Guid.CreateVersion7(), recordIds = new[] { Guid.CreateVersion7() } } });

        Assert.Equal("UNAUTHENTICATED", read.Code());
        Assert.Equal("UNAUTHENTICATED", write.Code());
        Assert.Null(read.At("account"));
    }

    [Fact]
    public async Task History_pages_newest_first_with_opaque_cursors()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var records = new List<Guid>();
        var total = 0;
        foreach (var minutes in new[] { 10, 20, 30 })
        {
            // one credit after the other: credits travel as messages and may otherwise land in any order
            records.Add(await scenario.RecordVerifiedServiceAsync(minutes));
            await scenario.WaitForServiceMinutesAsync(total += minutes);
        }

        await app.Store.CaughtUpAsync();

        const string Query = """
            query($id: ID!, $after: String) {
              history(volunteerId: $id, first: 2, after: $after) { edges { cursor node { kind recordId serviceMinutes } } pageInfo { hasNextPage endCursor hasPreviousPage startCursor } }
            }
            """;
        var page1 = await scenario.Client.SendAsync(scenario.Volunteer, Query, new { id = scenario.VolunteerId });
        var edges1 = page1.Ok("history.edges").AsArray();
        Assert.True(page1.Ok("history.pageInfo.hasNextPage").GetValue<bool>());
        var cursor = page1.Ok("history.pageInfo.endCursor").GetValue<string>();
        Assert.DoesNotContain("history", cursor, StringComparison.Ordinal); // opaque
        // Relay's PageInfo: the first page has nothing before it; the start and end cursors are its first and last edges'.
        Assert.False(page1.Ok("history.pageInfo.hasPreviousPage").GetValue<bool>());
        Assert.Equal(edges1[0]!["cursor"]!.GetValue<string>(), page1.Ok("history.pageInfo.startCursor").GetValue<string>());
        Assert.Equal(edges1[^1]!["cursor"]!.GetValue<string>(), cursor);

        var page2 = await scenario.Client.SendAsync(scenario.Volunteer, Query, new { id = scenario.VolunteerId, after = cursor });
        var edges2 = page2.Ok("history.edges").AsArray();
        Assert.False(page2.Ok("history.pageInfo.hasNextPage").GetValue<bool>());
        Assert.True(page2.Ok("history.pageInfo.hasPreviousPage").GetValue<bool>());
        Assert.Equal(edges2[0]!["cursor"]!.GetValue<string>(), page2.Ok("history.pageInfo.startCursor").GetValue<string>());

        var credited = edges1.Concat(edges2).Select(e => e!["node"]!).Where(n => n.Value<string>("kind") == "SERVICE_CREDITED").ToList();
        Assert.Equal(records.AsEnumerable().Reverse().Select(r => r.ToString()), credited.Select(n => n.Value<string>("recordId")));
        Assert.Equal(2, edges1.Count);
        Assert.Single(edges2);
    }

    [Fact]
    public async Task Page_size_above_100_is_refused_with_INVALID_INPUT()
    {
        var scenario = await LedgerScenario.StartAsync(app);

        var answer = await scenario.Client.SendAsync(scenario.Volunteer,
            "query($id: ID!) { history(volunteerId: $id, first: 101) { pageInfo { hasNextPage } } }", new { id = scenario.VolunteerId });

        Assert.Equal("INVALID_INPUT", answer.Code());
    }

    [Fact]
    public async Task AsOf_answers_the_balance_at_an_earlier_moment()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        await scenario.RecordVerifiedServiceAsync(20);
        await scenario.WaitForServiceMinutesAsync(20);
        await app.Store.CaughtUpAsync();
        var history = await scenario.Client.SendAsync(scenario.Volunteer,
            "query($id: ID!) { history(volunteerId: $id) { edges { node { kind at } } } }", new { id = scenario.VolunteerId });
        var firstCreditAt = DateTimeOffset.Parse(
            history.Ok("history.edges").AsArray().Select(e => e!["node"]!).Single(n => n.Value<string>("kind") == "SERVICE_CREDITED").Value<string>("at"),
            System.Globalization.CultureInfo.InvariantCulture);

        await scenario.RecordVerifiedServiceAsync(40);
        await scenario.WaitForServiceMinutesAsync(60);

        var then = await scenario.AccountAsync(scenario.Volunteer, scenario.VolunteerId, asOf: firstCreditAt);
        var now = await scenario.AccountAsync(scenario.Volunteer, scenario.VolunteerId);
        // The same moment written in China time (Npgsql refuses a non-UTC offset; the API converts at the edge).
        var thenInChinaTime = await scenario.AccountAsync(scenario.Volunteer, scenario.VolunteerId, asOf: firstCreditAt.ToOffset(TimeSpan.FromHours(8)));
        Assert.Equal(20, then.Ok("account").Long("serviceMinutes"));
        Assert.Equal(20, thenInChinaTime.Ok("account").Long("serviceMinutes"));
        Assert.Equal(60, now.Ok("account").Long("serviceMinutes"));
        Assert.Single(then.Ok("account.lots").AsArray());
    }

    [Fact]
    public async Task Service_record_of_another_volunteer_is_NOT_FOUND()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var recordId = Guid.CreateVersion7();
        (await scenario.SubmitAsync(recordId, LedgerScenario.PastSlot(), 30)).Ok("submitServiceRecord.record.id");
        var stranger = TestTokens.For(Guid.CreateVersion7(), "volunteer");

        var answer = await scenario.Client.SendAsync(stranger, "query($id: ID!) { serviceRecord(id: $id) { id } }", new { id = recordId });

        Assert.Equal("NOT_FOUND", answer.Code());
        Assert.Null(answer.At("serviceRecord"));
    }

    [Fact]
    public async Task Records_awaiting_verification_are_only_for_staff_of_the_community()
    {
        var scenario = await LedgerScenario.StartAsync(app);

        var answer = await scenario.Client.SendAsync(scenario.Volunteer,
            "query($c: ID!) { recordsAwaitingVerification(communityId: $c) { pageInfo { hasNextPage } } }", new { c = scenario.CommunityId });

        Assert.Equal("FORBIDDEN", answer.Code());
    }

    [Fact]
    public async Task Records_awaiting_verification_page_oldest_first_even_when_they_start_together()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var start = LedgerScenario.PastSlot();
        var expected = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            // three volunteers served at the same time: the cursor must tell them apart
            var volunteerId = Guid.CreateVersion7();
            await scenario.RegisterVolunteerAsync(volunteerId);
            var recordId = Guid.CreateVersion7();
            (await scenario.SubmitAsync(recordId, start, 30, volunteerId)).Ok("submitServiceRecord.record.id");
            expected.Add(recordId);
        }

        var earlier = Guid.CreateVersion7();
        (await scenario.SubmitAsync(earlier, start.AddHours(-4), 30)).Ok("submitServiceRecord.record.id");
        expected.Sort((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        expected.Insert(0, earlier);

        const string Query = """
            query($c: ID!, $after: String) {
              recordsAwaitingVerification(communityId: $c, first: 3, after: $after) { edges { node { recordId } } pageInfo { hasNextPage endCursor hasPreviousPage startCursor } }
            }
            """;
        var page1 = await scenario.Client.SendAsync(scenario.Staff, Query, new { c = scenario.CommunityId });
        var page2 = await scenario.Client.SendAsync(scenario.Staff, Query,
            new { c = scenario.CommunityId, after = page1.Ok("recordsAwaitingVerification.pageInfo.endCursor").GetValue<string>() });

        Assert.True(page1.Ok("recordsAwaitingVerification.pageInfo.hasNextPage").GetValue<bool>());
        Assert.False(page2.Ok("recordsAwaitingVerification.pageInfo.hasNextPage").GetValue<bool>());
        var ids = page1.Ok("recordsAwaitingVerification.edges").AsArray().Concat(page2.Ok("recordsAwaitingVerification.edges").AsArray())
            .Select(e => Guid.Parse(e!["node"]!.Value<string>("recordId")));
        Assert.Equal(expected, ids);
    }
}
