using TimeBank.Ledger.Actors;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Slots;
using TimeBank.Ledger.Tests.Specifications;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests.Slots;

/// <summary>A slot of Riverside's eldercare project, tomorrow from 09:00 to 12:00 UTC, 2 places, withdrawal until 07:00.</summary>
public sealed class SlotDeciderTests
{
    private static readonly Guid SlotId = new("00000000-0000-0000-0000-0000000051a1");
    private static readonly Guid CaiId = new("00000000-0000-0000-0000-00000000a003");
    private static readonly DateTimeOffset Start = Now.AddDays(1).AddHours(-3);
    private static readonly DateTimeOffset End = Start.AddHours(3);
    private const string Code = "ABCD2345";

    private static Actor Cai { get; } = Actor.Volunteer(CaiId);

    private static SlotPublished Published(int capacity = 2) =>
        new(SlotId, Eldercare.Id, Riverside, Eldercare.Name, Start, End, "Riverside station", capacity, ["reading"], Start.AddHours(-2), Code,
            "Zhang Min", RiversideStaffId, Now.AddDays(-1));

    private static Scenario<SlotCommand, SlotEvent, Slot> Given(DateTimeOffset now, params SlotEvent[] events) =>
        new(events, Slot.Evolve, (command, state) => command switch
        {
            PublishSlot publish => [SlotDecider.Decide(publish, state, publish.ProjectId == Eldercare.Id ? Eldercare : null, publish.Place == "bad code" ? "abc" : Code, now)],
            SignUpForSlot signUp => [SlotDecider.Decide(signUp, state, volunteerRegistered: signUp.Actor.PersonId != Guid.Empty, now)],
            _ => SlotDecider.Decide(command, state, now),
        });

    private static Scenario<SlotCommand, SlotEvent, Slot> Given(params SlotEvent[] events) => Given(Now, events);

    private static PublishSlot Publish(
        Actor? actor = null, DateTimeOffset? start = null, DateTimeOffset? end = null, int capacity = 2, DateTimeOffset? withdrawUntil = null,
        string? place = null, Guid? projectId = null, string[]? skills = null) =>
        new(SlotId, projectId ?? Eldercare.Id, start ?? Start, end ?? End, place, capacity, skills ?? [" Reading ", "reading", "First aid"], withdrawUntil,
            "Zhang Min", actor ?? RiversideStaff);

    // Publishing

    [Fact]
    public void Staff_publish_a_slot_of_their_project_with_the_projects_place_and_a_default_cut_off() =>
        Given().When(Publish()).Then(new SlotPublished(
            SlotId, Eldercare.Id, Riverside, Eldercare.Name, Start, End, "Riverside station", 2, ["reading", "first aid"],
            Start - SlotDecider.DefaultWithdrawalNotice, Code, "Zhang Min", RiversideStaffId, Now));

    [Fact]
    public void Staff_of_another_community_do_not_publish_its_slots() =>
        Given().When(Publish(HillsideStaff)).ThenFails(RefusalCodes.NotStaffOfCommunity);

    [Fact]
    public void A_slot_of_an_unknown_project_is_refused() =>
        Given().When(Publish(projectId: Guid.NewGuid())).ThenFails(RefusalCodes.ProjectNotFound);

    [Fact]
    public void A_slot_is_published_once() => Given(Published()).When(Publish()).ThenFails(RefusalCodes.AlreadyExists);

    [Fact]
    public void A_slot_ends_after_it_starts() => Given().When(Publish(end: Start)).ThenFails(RefusalCodes.SlotTimesInvalid);

    [Fact]
    public void A_slot_starts_in_the_future() =>
        Given().When(Publish(start: Now.AddHours(-1), end: Now.AddHours(1))).ThenFails(RefusalCodes.SlotInPast);

    [Fact]
    public void The_cut_off_is_not_after_the_start() =>
        Given().When(Publish(withdrawUntil: Start.AddMinutes(1))).ThenFails(RefusalCodes.SlotTimesInvalid);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(SlotDecider.MaxCapacity + 1)]
    public void A_slot_has_at_least_one_place_and_at_most_the_maximum(int capacity) =>
        Given().When(Publish(capacity: capacity)).ThenFails(RefusalCodes.InvalidAmount);

    [Fact]
    public void A_check_in_code_is_well_formed() => Given().When(Publish(place: "bad code")).ThenFails(RefusalCodes.InvalidInput);

    // Sign-up, waiting list, withdrawal

    [Fact]
    public void A_volunteer_of_any_community_signs_up_for_a_place() =>
        Given(Published()).When(new SignUpForSlot(SlotId, Ana)).Then(new VolunteerSignedUp(SlotId, AnaId, Now));

    [Fact]
    public void A_full_slot_puts_the_volunteer_on_its_waiting_list() =>
        Given(Published(capacity: 1), new VolunteerSignedUp(SlotId, AnaId, Now))
            .When(new SignUpForSlot(SlotId, Ben)).Then(new VolunteerWaitListed(SlotId, BenId, Now));

    [Fact]
    public void A_volunteer_signs_up_once() =>
        Given(Published(), new VolunteerSignedUp(SlotId, AnaId, Now)).When(new SignUpForSlot(SlotId, Ana)).ThenFails(RefusalCodes.AlreadySignedUp);

    [Fact]
    public void A_waiting_volunteer_does_not_sign_up_again() =>
        Given(Published(capacity: 1), new VolunteerSignedUp(SlotId, AnaId, Now), new VolunteerWaitListed(SlotId, BenId, Now))
            .When(new SignUpForSlot(SlotId, Ben)).ThenFails(RefusalCodes.AlreadySignedUp);

    [Fact]
    public void Sign_up_closes_when_the_slot_starts() =>
        Given(Start, Published()).When(new SignUpForSlot(SlotId, Ana)).ThenFails(RefusalCodes.SlotInPast);

    [Fact]
    public void A_cancelled_slot_takes_no_sign_up() =>
        Given(Published(), new SlotCancelled(SlotId, "rain", RiversideStaffId, Now)).When(new SignUpForSlot(SlotId, Ana))
            .ThenFails(RefusalCodes.SlotCancelled);

    [Fact]
    public void An_unregistered_person_does_not_sign_up() =>
        Given(Published()).When(new SignUpForSlot(SlotId, Actor.Volunteer(Guid.Empty))).ThenFails(RefusalCodes.VolunteerNotFound);

    [Fact]
    public void An_unknown_slot_is_not_found() => Given().When(new SignUpForSlot(SlotId, Ana)).ThenFails(RefusalCodes.NotFound);

    [Fact]
    public void A_withdrawal_frees_the_place_for_the_first_who_waits()
    {
        var slot = Given(Published(capacity: 1), new VolunteerSignedUp(SlotId, AnaId, Now), new VolunteerWaitListed(SlotId, BenId, Now),
                new VolunteerWaitListed(SlotId, CaiId, Now))
            .When(new WithdrawFromSlot(SlotId, Ana))
            .Then(new SignUpWithdrawn(SlotId, AnaId, WasWaiting: false, Now), new WaitingVolunteerMovedUp(SlotId, BenId, Now));

        Assert.Equal([BenId], slot!.SignUps.Select(a => a.VolunteerId));
        Assert.Equal([CaiId], slot.Waiting);
    }

    [Fact]
    public void A_waiting_volunteer_leaves_the_list_even_after_the_cut_off() =>
        Given(Start.AddMinutes(-30), Published(capacity: 1), new VolunteerSignedUp(SlotId, AnaId, Now), new VolunteerWaitListed(SlotId, BenId, Now))
            .When(new WithdrawFromSlot(SlotId, Ben)).Then(new SignUpWithdrawn(SlotId, BenId, WasWaiting: true, Start.AddMinutes(-30)));

    [Fact]
    public void No_withdrawal_after_the_cut_off() =>
        Given(Start.AddHours(-2).AddSeconds(1), Published(), new VolunteerSignedUp(SlotId, AnaId, Now))
            .When(new WithdrawFromSlot(SlotId, Ana)).ThenFails(RefusalCodes.WithdrawalClosed);

    [Fact]
    public void Only_a_signed_up_volunteer_withdraws() =>
        Given(Published()).When(new WithdrawFromSlot(SlotId, Ana)).ThenFails(RefusalCodes.NotSignedUp);

    // Check-in and check-out

    private static readonly DateTimeOffset InSlot = Start.AddMinutes(5);

    private static Scenario<SlotCommand, SlotEvent, Slot> SignedUp(DateTimeOffset now) =>
        Given(now, Published(), new VolunteerSignedUp(SlotId, AnaId, Now));

    [Fact]
    public void A_volunteer_checks_in_with_the_slots_code() =>
        SignedUp(InSlot).When(new CheckInToSlot(SlotId, AnaId, " abcd2345 ", Ana)).Then(new VolunteerCheckedIn(SlotId, AnaId, AnaId, ByCode: true, InSlot));

    [Fact]
    public void Staff_check_a_volunteer_in_without_the_code() =>
        SignedUp(InSlot).When(new CheckInToSlot(SlotId, AnaId, null, RiversideStaff))
            .Then(new VolunteerCheckedIn(SlotId, AnaId, RiversideStaffId, ByCode: false, InSlot));

    [Fact]
    public void A_wrong_code_does_not_check_in() =>
        SignedUp(InSlot).When(new CheckInToSlot(SlotId, AnaId, "ZZZZ2345", Ana)).ThenFails(RefusalCodes.CheckInCodeInvalid);

    [Fact]
    public void Staff_of_another_community_do_not_check_volunteers_in() =>
        SignedUp(InSlot).When(new CheckInToSlot(SlotId, AnaId, Code, HillsideStaff)).ThenFails(RefusalCodes.NotStaffOfCommunity);

    [Fact]
    public void A_volunteer_does_not_check_another_in() =>
        SignedUp(InSlot).When(new CheckInToSlot(SlotId, AnaId, Code, Ben)).ThenFails(RefusalCodes.NotStaffOfCommunity);

    [Fact]
    public void A_second_check_in_is_refused() =>
        Given(InSlot, Published(), new VolunteerSignedUp(SlotId, AnaId, Now), new VolunteerCheckedIn(SlotId, AnaId, AnaId, true, InSlot))
            .When(new CheckInToSlot(SlotId, AnaId, Code, Ana)).ThenFails(RefusalCodes.AlreadyCheckedIn);

    [Fact]
    public void Check_in_opens_an_hour_before_the_start() =>
        SignedUp(Start.AddMinutes(-61)).When(new CheckInToSlot(SlotId, AnaId, Code, Ana)).ThenFails(RefusalCodes.SlotNotInProgress);

    [Fact]
    public void Check_in_closes_at_the_end() =>
        SignedUp(End).When(new CheckInToSlot(SlotId, AnaId, Code, Ana)).ThenFails(RefusalCodes.SlotNotInProgress);

    [Fact]
    public void A_waiting_volunteer_does_not_check_in() =>
        Given(InSlot, Published(capacity: 1), new VolunteerSignedUp(SlotId, BenId, Now), new VolunteerWaitListed(SlotId, AnaId, Now))
            .When(new CheckInToSlot(SlotId, AnaId, Code, Ana)).ThenFails(RefusalCodes.NotSignedUp);

    [Fact]
    public void Check_out_before_check_in_is_refused() =>
        SignedUp(InSlot).When(new CheckOutOfSlot(SlotId, AnaId, Code, Ana)).ThenFails(RefusalCodes.NotCheckedIn);

    private static readonly SlotEvent[] CheckedIn =
        [Published(), new VolunteerSignedUp(SlotId, AnaId, Now), new VolunteerCheckedIn(SlotId, AnaId, AnaId, true, InSlot)];

    private static (SlotEvent[] Slot, ServiceRecordEvent[] Record) CheckOut(
        DateTimeOffset at, Actor actor, string? code = Code, params ServiceInterval[] schedule) =>
        SlotDecider.CheckOut(new CheckOutOfSlot(SlotId, AnaId, code, actor), CheckedIn.Aggregate(default(Slot), Slot.Evolve), null,
            Context(Eldercare, true, schedule), at);

    [Fact]
    public void Check_out_by_code_submits_the_record_from_check_in_to_check_out_recorded_by_the_slots_staff()
    {
        var at = InSlot.AddMinutes(150).AddSeconds(40);
        var (slotEvents, recordEvents) = CheckOut(at, Ana);
        var recordId = SlotDecider.RecordIdOf(SlotId, AnaId);

        Assert.Equal([new VolunteerCheckedOut(SlotId, AnaId, recordId, AnaId, ByCode: true, at)], slotEvents);
        var submitted = Assert.IsType<ServiceRecordSubmitted>(Assert.Single(recordEvents));
        Assert.Equal((recordId, AnaId, Eldercare.Id, Riverside), (submitted.RecordId, submitted.VolunteerId, submitted.ProjectId, submitted.CommunityId));
        Assert.Equal((InSlot, at, 150L), (submitted.StartedAt, submitted.EndedAt, submitted.MinutesServed));
        Assert.Equal((RiversideStaffId, "Zhang Min", "Riverside station"), (submitted.RecordedBy, submitted.PersonInCharge, submitted.Place));
    }

    [Fact]
    public void Check_out_by_staff_is_recorded_by_them() =>
        Assert.Equal(HillsideStaffId, Assert.IsType<ServiceRecordSubmitted>(Assert.Single(
            CheckOut(InSlot.AddHours(1), Actor.Staff(HillsideStaffId, Riverside), null).Record)).RecordedBy);

    [Fact]
    public void A_check_out_longer_than_a_record_may_be_is_refused_by_the_records_rule() =>
        Assert.Equal(RefusalCodes.RecordTooLong, Assert.Throws<LedgerRefusal>(() => CheckOut(InSlot.AddHours(12).AddMinutes(1), Ana)).Code);

    [Fact]
    public void A_check_out_overlapping_another_record_of_the_volunteer_is_refused_by_the_records_rule() =>
        Assert.Equal(RefusalCodes.RecordOverlaps, Assert.Throws<LedgerRefusal>(() =>
            CheckOut(InSlot.AddHours(1), Ana, Code, new ServiceInterval(Guid.NewGuid(), InSlot.AddMinutes(30), InSlot.AddHours(2)))).Code);

    [Fact]
    public void A_check_out_within_the_first_minute_serves_no_minute() =>
        Assert.Equal(RefusalCodes.RecordMinutesInvalid, Assert.Throws<LedgerRefusal>(() => CheckOut(InSlot.AddSeconds(59), Ana)).Code);

    [Fact]
    public void A_second_check_out_is_refused() =>
        Given(InSlot.AddHours(2), [.. CheckedIn, new VolunteerCheckedOut(SlotId, AnaId, SlotDecider.RecordIdOf(SlotId, AnaId), AnaId, true, InSlot.AddHours(1))])
            .When(new CheckOutOfSlot(SlotId, AnaId, Code, Ana)).ThenFails(RefusalCodes.AlreadyCheckedOut);

    [Fact]
    public void A_checked_in_volunteer_does_not_withdraw() =>
        Given(Start.AddHours(-3), Published(), new VolunteerSignedUp(SlotId, AnaId, Now), new VolunteerCheckedIn(SlotId, AnaId, RiversideStaffId, false, Now))
            .When(new WithdrawFromSlot(SlotId, Ana)).ThenFails(RefusalCodes.AlreadyCheckedIn);

    // No-shows, cancellation, the whole slot's records

    [Fact]
    public void Staff_record_a_no_show_after_the_slot() =>
        SignedUp(End).When(new RecordNoShow(SlotId, AnaId, RiversideStaff)).Then(new NoShowRecorded(SlotId, AnaId, RiversideStaffId, End));

    [Fact]
    public void A_no_show_is_recorded_only_after_the_slot() =>
        SignedUp(InSlot).When(new RecordNoShow(SlotId, AnaId, RiversideStaff)).ThenFails(RefusalCodes.SlotNotOver);

    [Fact]
    public void A_volunteer_who_came_is_no_no_show() =>
        Given(End, CheckedIn).When(new RecordNoShow(SlotId, AnaId, RiversideStaff)).ThenFails(RefusalCodes.AlreadyCheckedIn);

    [Fact]
    public void A_no_show_does_not_check_in_afterwards() =>
        Given(InSlot, [.. CheckedIn[..2], new NoShowRecorded(SlotId, AnaId, RiversideStaffId, InSlot)])
            .When(new CheckInToSlot(SlotId, AnaId, Code, Ana)).ThenFails(RefusalCodes.NoShowRecorded);

    [Fact]
    public void Staff_of_another_community_record_no_no_show() =>
        SignedUp(End).When(new RecordNoShow(SlotId, AnaId, HillsideStaff)).ThenFails(RefusalCodes.NotStaffOfCommunity);

    [Fact]
    public void Staff_cancel_a_slot_and_release_its_volunteers()
    {
        var slot = SignedUp(Now).When(new CancelSlot(SlotId, " rain ", RiversideStaff)).Then(new SlotCancelled(SlotId, "rain", RiversideStaffId, Now));

        Assert.Equal((SlotStatus.Cancelled, 0), (slot!.Status, slot.PlacesLeft));
    }

    [Fact]
    public void Staff_of_another_community_do_not_cancel() =>
        SignedUp(Now).When(new CancelSlot(SlotId, "rain", HillsideStaff)).ThenFails(RefusalCodes.NotStaffOfCommunity);

    [Fact]
    public void A_cancellation_needs_a_reason() =>
        SignedUp(Now).When(new CancelSlot(SlotId, " ", RiversideStaff)).ThenFails(RefusalCodes.ReasonRequired);

    [Fact]
    public void A_started_slot_is_not_cancelled() =>
        SignedUp(Start).When(new CancelSlot(SlotId, "rain", RiversideStaff)).ThenFails(RefusalCodes.SlotInPast);

    [Fact]
    public void A_cancelled_slot_is_not_cancelled_again() =>
        Given(Published(), new SlotCancelled(SlotId, "rain", RiversideStaffId, Now)).When(new CancelSlot(SlotId, "rain", RiversideStaff))
            .ThenFails(RefusalCodes.SlotCancelled);

    [Fact]
    public void The_whole_slot_gives_the_records_its_check_outs_submitted()
    {
        var recordId = SlotDecider.RecordIdOf(SlotId, AnaId);
        SlotEvent[] events = [.. CheckedIn, new VolunteerCheckedOut(SlotId, AnaId, recordId, AnaId, true, InSlot.AddHours(1))];
        var slot = events.Aggregate(default(Slot), Slot.Evolve);

        Assert.Equal([recordId], SlotDecider.RecordsToVerify(slot, SlotId, RiversideStaff));
        Assert.Equal(RefusalCodes.NotStaffOfCommunity, Assert.Throws<LedgerRefusal>(() => SlotDecider.RecordsToVerify(slot, SlotId, HillsideStaff)).Code);
        Assert.Equal(RefusalCodes.EmptyBatch, Assert.Throws<LedgerRefusal>(() =>
            SlotDecider.RecordsToVerify(CheckedIn.Aggregate(default(Slot), Slot.Evolve), SlotId, RiversideStaff)).Code);
    }

    [Fact]
    public void A_check_in_code_is_drawn_from_the_alphabet()
    {
        var code = CheckInCodes.From([0, 1, 31, 32, 33, 200, 255, 7]);

        Assert.True(CheckInCodes.IsWellFormed(code), code);
        Assert.Equal("AB9ABJ9H", code);
    }
}
