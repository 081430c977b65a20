using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger;
using TimeBank.Ledger.Slots;

namespace TimeBank.Api.Tests.Slots;

/// <summary>Time slots through GraphQL against the real host and PostgreSQL: capacity under real concurrency, check-in to credit, bad input.</summary>
public sealed class SlotTests(SlotsApp app) : IClassFixture<SlotsApp>
{
    [Fact]
    public async Task Fifty_volunteers_signing_up_at_once_for_twenty_places_give_twenty_places_and_thirty_waiting_in_order()
    {
        var city = await SlotCity.CreateAsync(app);
        var (slotId, _) = await city.PublishAsync(TimeSpan.FromDays(1), TimeSpan.FromHours(2), capacity: 20);
        var volunteers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => city.VolunteerAsync()));

        var answers = await Task.WhenAll(volunteers.Select(v => city.SignUpAsync(slotId, v)));

        Assert.All(answers, a => Assert.Empty(a.Errors));
        var statuses = answers.Select(a => a.Ok("signUpForSlot.slot.mySignUp").Value<string>("status")).ToList();
        Assert.Equal(20, statuses.Count(s => s == "SIGNED_UP"));
        Assert.Equal(30, statuses.Count(s => s == "WAITING"));
        var slot = (await city.SlotAsync(city.Scenario.Staff, slotId)).Ok("slot");
        Assert.Equal((20L, 30L, 0L), (slot.Long("signedUpCount"), slot.Long("waitingCount"), slot.Long("placesLeft")));
        var signUps = slot["signUps"]!.AsArray();
        Assert.Equal(50, signUps.Select(s => s!.Value<Guid>("volunteerId")).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 30), signUps.Skip(20).Select(s => (int)s!.Long("waitingPosition")));
        Assert.All(signUps, s => Assert.Equal(TimeBank.Api.PersonalData.Masking.Name("Li Wei"), s!.Value<string>("maskedName")));

        // A place freed goes to the first who waits.
        var placed = signUps.First(s => s!.Value<string>("status") == "SIGNED_UP")!.Value<Guid>("volunteerId");
        var firstWaiting = signUps[20]!.Value<Guid>("volunteerId");
        (await city.WithdrawAsync(slotId, placed)).Ok("withdrawFromSlot.slot");
        var after = (await city.SlotAsync(SlotCity.VolunteerToken(firstWaiting), slotId)).Ok("slot");
        Assert.Equal("SIGNED_UP", after["mySignUp"]!.Value<string>("status"));
        Assert.Equal((20L, 29L), (after.Long("signedUpCount"), after.Long("waitingCount")));
        Assert.Null(after["signUps"]);
        Assert.Null(after["checkInCode"]);
    }

    [Fact]
    public async Task Check_in_and_check_out_submit_a_record_that_staff_verify_with_the_whole_slot_and_that_is_credited()
    {
        var city = await SlotCity.CreateAsync(app);
        var (slotId, code) = await city.PublishAsync(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), capacity: 2);
        var volunteer = city.Scenario.VolunteerId;
        (await city.SignUpAsync(slotId, volunteer)).Ok("signUpForSlot.slot");

        (await city.CheckInAsync(slotId, volunteer, code.ToLowerInvariant())).Ok("checkInToSlot.slot");
        app.Clock.Advance(TimeSpan.FromMinutes(45));
        var checkedOut = (await city.CheckOutAsync(slotId, volunteer, code)).Ok("checkOutOfSlot.slot.mySignUp");

        Assert.Equal("CHECKED_OUT", checkedOut.Value<string>("status"));
        var recordId = checkedOut.Value<Guid>("recordId");
        Assert.Equal(SlotDecider.RecordIdOf(slotId, volunteer), recordId);
        var record = (await city.Client.SendAsync(city.Scenario.Staff, "query($id: ID!) { serviceRecord(id: $id) { status minutesServed volunteerId } }",
            new { id = recordId })).Ok("serviceRecord");
        Assert.Equal(("SUBMITTED", 45L), (record.Value<string>("status"), record.Long("minutesServed")));

        var verified = await city.SendAsync("verifySlotRecords", "SlotInput", city.Scenario.Staff, new { commandId = Guid.CreateVersion7(), slotId });
        Assert.Equal([recordId], verified.Ok("verifySlotRecords.slot.recordIds").AsArray().Select(i => i!.GetValue<Guid>()));
        var account = await city.Scenario.WaitForServiceMinutesAsync(45);
        Assert.Equal(45, account["timeCredits"]);
        var credited = (await city.Client.SendAsync(city.Scenario.Staff, "query($id: ID!) { serviceRecord(id: $id) { status } }", new { id = recordId }))
            .Ok("serviceRecord.status").GetValue<string>();
        Assert.Equal("CREDITED", credited);

        // Nothing is left to verify: the whole slot again is refused, and nothing changes.
        var again = await city.SendAsync("verifySlotRecords", "SlotInput", city.Scenario.Staff, new { commandId = Guid.CreateVersion7(), slotId });
        Assert.Equal(RefusalCodes.EmptyBatch, again.Code());
    }

    [Fact]
    public async Task Each_bad_input_answers_its_code_and_changes_nothing()
    {
        var city = await SlotCity.CreateAsync(app);
        var ana = city.Scenario.VolunteerId;
        var ben = await city.VolunteerAsync();
        var cai = await city.VolunteerAsync();
        var dan = await city.VolunteerAsync();
        var (soon, code) = await city.PublishAsync(TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(30), capacity: 2);
        (await city.SignUpAsync(soon, ana)).Ok("signUpForSlot.slot");
        (await city.SignUpAsync(soon, ben)).Ok("signUpForSlot.slot");
        // A full slot is no refusal: the volunteer waits.
        Assert.Equal("WAITING", (await city.SignUpAsync(soon, cai)).Ok("signUpForSlot.slot.mySignUp").Value<string>("status"));
        var (later, _) = await city.PublishAsync(TimeSpan.FromDays(2), TimeSpan.FromHours(1), capacity: 3);
        (await city.SendAsync("cancelSlot", "CancelSlotInput", city.Scenario.Staff, new { commandId = Guid.CreateVersion7(), slotId = later, reason = "Storm" }))
            .Ok("cancelSlot.slot");
        var otherStaff = TestTokens.For(Guid.CreateVersion7(), "staff", Guid.CreateVersion7());

        async Task Refused(string code, Guid slotId, Func<Task<GraphQLAnswer>> send)
        {
            var before = await city.VersionAsync(slotId);
            Assert.Equal(code, (await send()).Code());
            Assert.Equal(before, await city.VersionAsync(slotId));
        }

        await Refused(RefusalCodes.AlreadySignedUp, soon, () => city.SignUpAsync(soon, ana));
        await Refused(RefusalCodes.AlreadySignedUp, soon, () => city.SignUpAsync(soon, cai));
        await Refused(RefusalCodes.SlotCancelled, later, () => city.SignUpAsync(later, cai));
        await Refused(RefusalCodes.NotCheckedIn, soon, () => city.CheckOutAsync(soon, ana, code));
        await Refused(RefusalCodes.CheckInCodeInvalid, soon, () => city.CheckInAsync(soon, ana, "ZZZZZZZZ"));
        await Refused(RefusalCodes.NotSignedUp, soon, () => city.CheckInAsync(soon, cai, code));
        await Refused(RefusalCodes.NotStaffOfCommunity, soon, () => city.SendAsync("checkInToSlot", "AttendanceInput", otherStaff,
            new { commandId = Guid.CreateVersion7(), slotId = soon, volunteerId = ana }));
        await Refused(RefusalCodes.NotStaffOfCommunity, soon, () => city.SendAsync("cancelSlot", "CancelSlotInput", otherStaff,
            new { commandId = Guid.CreateVersion7(), slotId = soon, reason = "Mine now" }));
        // The default cut-off is two hours before the start, which has passed.
        await Refused(RefusalCodes.WithdrawalClosed, soon, () => city.WithdrawAsync(soon, ana));

        (await city.CheckInAsync(soon, ana, code)).Ok("checkInToSlot.slot");
        await Refused(RefusalCodes.AlreadyCheckedIn, soon, () => city.CheckInAsync(soon, ana, code));
        // Within the first minute no minute was served: the record's own rule refuses the check-out, and no record is written.
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await Refused(RefusalCodes.RecordMinutesInvalid, soon, () => city.CheckOutAsync(soon, ana, code));
        Assert.Equal(0, await city.VersionAsync(SlotDecider.RecordIdOf(soon, ana)));

        app.Clock.Advance(TimeSpan.FromMinutes(21));
        await Refused(RefusalCodes.SlotInPast, soon, () => city.SignUpAsync(soon, dan));
        await Refused(RefusalCodes.SlotNotOver, soon, () => city.SendAsync("recordNoShow", "AttendanceInput", city.Scenario.Staff,
            new { commandId = Guid.CreateVersion7(), slotId = soon, volunteerId = ben }));
        await Refused(RefusalCodes.SlotCancelled, later, () => city.SendAsync("checkInToSlot", "AttendanceInput", city.Scenario.Staff,
            new { commandId = Guid.CreateVersion7(), slotId = later, volunteerId = ana }));
    }

    [Fact]
    public async Task The_board_lists_open_slots_by_skill_date_and_place_page_by_page_and_volunteers_by_skill_masked()
    {
        var city = await SlotCity.CreateAsync(app);
        var published = new List<Guid>();
        for (var i = 1; i <= 3; i++)
        {
            published.Add((await city.PublishAsync(TimeSpan.FromDays(10 + i), TimeSpan.FromHours(1), capacity: 2)).SlotId);
        }

        const string Board = """
            query($community: ID, $after: String, $from: DateTimeOffset) {
              slotBoard(communityId: $community, skill: " READING ", place: "station", from: $from, first: 2, after: $after) {
                edges { node { slotId } } pageInfo { hasNextPage endCursor }
              }
            }
            """;
        var from = app.Clock.Now.AddDays(10);
        var first = (await city.Client.SendAsync(SlotCity.VolunteerToken(city.Scenario.VolunteerId), Board, new { community = city.Scenario.CommunityId, from }))
            .Ok("slotBoard");
        var second = (await city.Client.SendAsync(SlotCity.VolunteerToken(city.Scenario.VolunteerId), Board,
            new { community = city.Scenario.CommunityId, from, after = first["pageInfo"]!.Value<string>("endCursor") })).Ok("slotBoard");

        Assert.True(first["pageInfo"]!.Value<bool>("hasNextPage"));
        Assert.False(second["pageInfo"]!.Value<bool>("hasNextPage"));
        Assert.Equal(published, first["edges"]!.AsArray().Concat(second["edges"]!.AsArray()).Select(e => e!["node"]!.Value<Guid>("slotId")));

        const string Skilled = """
            query { volunteersBySkill(skill: "First Aid") { edges { node { volunteerNumber maskedName skills { name confirmed } } } } }
            """;
        var declared = await city.Client.SendAsync(SlotCity.VolunteerToken(city.Scenario.VolunteerId), """
            mutation($input: SkillInput!) { declareSkill(input: $input) { skills { skills { name confirmed } } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), skill = " First Aid " } });
        Assert.Equal("first aid", declared.Ok("declareSkill.skills.skills").AsArray().Single()!.Value<string>("name"));
        var confirmed = await city.Client.SendAsync(city.Scenario.Staff, """
            mutation($input: SkillInput!) { confirmSkill(input: $input) { skills { skills { name confirmed } } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), volunteerId = city.Scenario.VolunteerId, skill = "first aid" } });
        Assert.True(confirmed.Ok("confirmSkill.skills.skills").AsArray().Single()!.Value<bool>("confirmed"));

        var found = (await city.Client.SendAsync(SlotCity.VolunteerToken(Guid.CreateVersion7()), Skilled)).Ok("volunteersBySkill.edges").AsArray()
            .Select(e => e!["node"]!).Single(n => n.Value<string>("volunteerNumber") == "V-" + city.Scenario.VolunteerId.ToString("N")[^12..]);
        Assert.Equal(TimeBank.Api.PersonalData.Masking.Name("Li Wei"), found.Value<string>("maskedName"));
        Assert.True(found["skills"]!.AsArray().Single()!.Value<bool>("confirmed"));
        Assert.DoesNotContain("Li Wei", found.ToJsonString(), StringComparison.Ordinal);
    }
}
