using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Tests.Specifications;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests;

public sealed class ServiceRecordDeciderTests : RecordSpecification
{
    // Submission

    [Fact]
    public void Staff_submits_a_record_of_service_done_in_their_community() =>
        Given().When(Submit()).Then(Submitted());

    [Fact]
    public void A_record_that_ends_before_it_starts_is_refused() =>
        Given().When(Submit(start: HoursAgo(1), end: HoursAgo(2))).ThenFails(RefusalCodes.RecordEndsBeforeStart);

    [Fact]
    public void A_record_that_ends_when_it_starts_is_refused() =>
        Given().When(Submit(start: HoursAgo(1), end: HoursAgo(1))).ThenFails(RefusalCodes.RecordEndsBeforeStart);

    [Fact]
    public void A_record_of_exactly_twelve_hours_is_accepted() =>
        Given().When(Submit(start: HoursAgo(13), end: HoursAgo(1), minutes: 720)).Then(events => Assert.Single(events));

    [Fact]
    public void A_record_over_twelve_hours_is_refused() =>
        Given().When(Submit(start: HoursAgo(13).AddMinutes(-1), end: HoursAgo(1), minutes: 600)).ThenFails(RefusalCodes.RecordTooLong);

    [Fact]
    public void A_record_over_twelve_hours_by_seconds_is_refused() =>
        Given().When(Submit(start: HoursAgo(13).AddSeconds(-30), end: HoursAgo(1), minutes: 600)).ThenFails(RefusalCodes.RecordTooLong);

    [Fact]
    public void A_record_that_ends_in_the_future_is_refused() =>
        Given().When(Submit(start: HoursAgo(1), end: Now.AddMinutes(30), minutes: 60)).ThenFails(RefusalCodes.RecordInFuture);

    [Fact]
    public void A_record_that_ends_now_is_accepted() =>
        Given().When(Submit(start: HoursAgo(1), end: Now, minutes: 60)).Then(events => Assert.Single(events));

    [Fact]
    public void A_record_overlapping_another_record_of_the_volunteer_is_refused() =>
        GivenIn(Context(schedule: new ServiceInterval(Guid.NewGuid(), HoursAgo(2), HoursAgo(0.5))))
            .When(Submit()).ThenFails(RefusalCodes.RecordOverlaps);

    [Fact]
    public void A_record_that_touches_another_record_end_to_start_does_not_overlap() =>
        GivenIn(Context(schedule: new ServiceInterval(Guid.NewGuid(), HoursAgo(1), HoursAgo(0.5))))
            .When(Submit()).Then(Submitted());

    [Fact]
    public void A_record_in_an_unknown_project_is_refused() =>
        GivenIn(Context() with { Project = null }).When(Submit()).ThenFails(RefusalCodes.ProjectNotFound);

    [Fact]
    public void A_record_of_an_unregistered_volunteer_is_refused() =>
        GivenIn(Context(registered: false)).When(Submit()).ThenFails(RefusalCodes.VolunteerNotFound);

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(121)]
    public void Minutes_served_of_zero_or_beyond_the_span_are_refused(long minutes) =>
        Given().When(Submit(minutes: minutes)).ThenFails(RefusalCodes.RecordMinutesInvalid);

    [Fact]
    public void Minutes_served_equal_to_the_span_are_accepted() =>
        Given().When(Submit(minutes: 120)).Then(events => Assert.Equal(120, Assert.IsType<ServiceRecordSubmitted>(Assert.Single(events)).MinutesServed));

    [Fact]
    public void Only_staff_of_the_project_learn_whether_a_volunteer_is_registered()
    {
        GivenIn(Context(registered: false)).When(Submit(actor: HillsideStaff)).ThenFails(RefusalCodes.NotStaffOfCommunity);
        GivenIn(Context(registered: false)).When(Submit(actor: Ben)).ThenFails(RefusalCodes.NotStaffOfCommunity);
    }

    [Fact]
    public void Staff_of_another_community_cannot_record_service() =>
        Given().When(Submit(actor: HillsideStaff)).ThenFails(RefusalCodes.NotStaffOfCommunity);

    [Fact]
    public void A_volunteer_cannot_record_their_own_service() =>
        Given().When(Submit(actor: Ana)).ThenFails(RefusalCodes.NotStaffOfCommunity);

    [Fact]
    public void A_record_cannot_be_submitted_twice() =>
        Given(Submitted()).When(Submit()).ThenFails(RefusalCodes.AlreadyExists);

    // Verification

    [Fact]
    public void Staff_of_the_community_verifies_a_submitted_record() =>
        Given(Submitted()).When(new VerifyServiceRecord(RecordId, RiversideStaff)).Then(Verified());

    [Fact]
    public void A_volunteer_who_is_staff_cannot_verify_their_own_record() =>
        Given(Submitted()).When(new VerifyServiceRecord(RecordId, AnaAsStaff)).ThenFails(RefusalCodes.OwnRecord);

    [Fact]
    public void Staff_of_another_community_cannot_verify_and_learn_nothing_about_the_record() =>
        Given(Submitted()).When(new VerifyServiceRecord(RecordId, HillsideStaff)).ThenFails(RefusalCodes.NotFound);

    [Fact]
    public void The_volunteer_sees_their_record_but_cannot_verify_it() =>
        Given(Submitted()).When(new VerifyServiceRecord(RecordId, Ana)).ThenFails(RefusalCodes.NotStaffOfCommunity);

    [Fact]
    public void A_record_cannot_be_verified_twice() =>
        Given(Submitted(), Verified()).When(new VerifyServiceRecord(RecordId, RiversideStaff)).ThenFails(RefusalCodes.InvalidRecordState);

    [Fact]
    public void A_rejected_record_cannot_be_verified() =>
        Given(Submitted(), Rejected()).When(new VerifyServiceRecord(RecordId, RiversideStaff)).ThenFails(RefusalCodes.InvalidRecordState);

    [Fact]
    public void An_unknown_record_cannot_be_verified() =>
        Given().When(new VerifyServiceRecord(RecordId, RiversideStaff)).ThenFails(RefusalCodes.NotFound);

    // Rejection

    [Fact]
    public void Staff_rejects_a_submitted_record_with_a_reason() =>
        Given(Submitted()).When(new RejectServiceRecord(RecordId, "  No sign-in sheet ", RiversideStaff)).Then(Rejected());

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_rejection_needs_a_reason(string reason) =>
        Given(Submitted()).When(new RejectServiceRecord(RecordId, reason, RiversideStaff)).ThenFails(RefusalCodes.ReasonRequired);

    // Crediting and revocation

    [Fact]
    public void A_verified_record_is_marked_credited() =>
        Given(Submitted(), Verified()).When(new MarkServiceRecordCredited(RecordId)).Then(Credited());

    [Fact]
    public void Marking_a_credited_record_again_changes_nothing() =>
        Given(Submitted(), Verified(), Credited()).When(new MarkServiceRecordCredited(RecordId)).Then();

    [Fact]
    public void A_submitted_record_cannot_be_marked_credited() =>
        Given(Submitted()).When(new MarkServiceRecordCredited(RecordId)).ThenFails(RefusalCodes.InvalidRecordState);

    // The credit at home, in districts mode (ADR 0047): noted on the record where it was served, once.

    [Fact]
    public void The_credit_at_home_is_noted_on_the_record_where_it_was_served() =>
        Given(Submitted(), Verified(), Credited()).When(CreditedHome()).Then(CreditedAtHome());

    [Fact]
    public void A_credit_at_home_told_twice_is_noted_once() =>
        Given(Submitted(), Verified(), Credited(), CreditedAtHome()).When(CreditedHome()).Then();

    [Fact]
    public void The_revocation_at_home_is_noted_after_its_credit_and_once() =>
        Given(Submitted(), Verified(), Credited(), Revoked(), CreditedAtHome()).When(RevokedHome()).Then(CreditRevokedAtHome());

    [Fact]
    public void A_revocation_at_home_told_twice_is_noted_once() =>
        Given(Submitted(), Verified(), Credited(), Revoked(), CreditedAtHome(), CreditRevokedAtHome()).When(RevokedHome()).Then();

    [Fact]
    public void A_credit_at_home_told_again_after_its_revocation_notes_nothing() =>
        Given(Submitted(), Verified(), Credited(), Revoked(), CreditedAtHome(), CreditRevokedAtHome()).When(CreditedHome()).Then();

    [Fact]
    public void A_revocation_at_home_before_its_credit_is_noted_is_refused() =>
        Given(Submitted(), Verified(), Credited(), Revoked()).When(RevokedHome()).ThenFails(RefusalCodes.InvalidRecordState);

    [Fact]
    public void A_note_from_home_naming_another_volunteer_is_a_fault() =>
        Assert.Throws<InvalidOperationException>(() =>
            Given(Submitted(), Verified(), Credited()).When(CreditedHome() with { VolunteerId = City.BenId }).Then());

    [Fact]
    public void Staff_revokes_a_credited_record_with_a_reason() =>
        Given(Submitted(), Verified(), Credited()).When(new RevokeServiceRecord(RecordId, "Duplicate entry", RiversideStaff)).Then(Revoked());

    [Fact]
    public void A_revocation_needs_a_reason() =>
        Given(Submitted(), Verified(), Credited()).When(new RevokeServiceRecord(RecordId, " ", RiversideStaff)).ThenFails(RefusalCodes.ReasonRequired);

    [Fact]
    public void A_record_cannot_be_revoked_twice() =>
        Given(Submitted(), Verified(), Credited(), Revoked())
            .When(new RevokeServiceRecord(RecordId, "Duplicate entry", RiversideStaff)).ThenFails(RefusalCodes.AlreadyRevoked);

    [Fact]
    public void A_record_not_yet_credited_cannot_be_revoked() =>
        Given(Submitted()).When(new RevokeServiceRecord(RecordId, "Duplicate entry", RiversideStaff)).ThenFails(RefusalCodes.InvalidRecordState);

    [Fact]
    public void Staff_of_another_community_cannot_revoke_and_learn_nothing_about_the_record() =>
        Given(Submitted(), Verified(), Credited())
            .When(new RevokeServiceRecord(RecordId, "Duplicate entry", HillsideStaff)).ThenFails(RefusalCodes.NotFound);

    // Contest and amendment

    [Fact]
    public void The_volunteer_contests_a_rejected_record() =>
        Given(Submitted(), Rejected()).When(new ContestServiceRecord(RecordId, "I was there; here is the photo", Ana)).Then(Contested());

    [Fact]
    public void Another_volunteer_cannot_contest_and_learns_nothing_about_the_record() =>
        Given(Submitted(), Rejected()).When(new ContestServiceRecord(RecordId, "Mine", Ben)).ThenFails(RefusalCodes.NotFound);

    [Fact]
    public void Staff_cannot_contest_a_record_for_the_volunteer() =>
        Given(Submitted(), Rejected()).When(new ContestServiceRecord(RecordId, "On her behalf", RiversideStaff)).ThenFails(RefusalCodes.Forbidden);

    [Fact]
    public void A_contest_needs_a_reason() =>
        Given(Submitted(), Rejected()).When(new ContestServiceRecord(RecordId, "", Ana)).ThenFails(RefusalCodes.ReasonRequired);

    [Fact]
    public void A_revoked_record_cannot_be_contested() =>
        Given(Submitted(), Verified(), Credited(), Revoked())
            .When(new ContestServiceRecord(RecordId, "Why?", Ana)).ThenFails(RefusalCodes.InvalidRecordState);

    [Fact]
    public void Amending_a_contested_rejected_record_returns_it_to_submitted()
    {
        var amended = new ServiceRecordAmended(RecordId, HoursAgo(4), HoursAgo(1), 150, "Visited Mrs Li and Mr Zhao", "Sheet found", RiversideStaffId, Now);

        var record = Given(Submitted(), Rejected(), Contested())
            .When(new AmendServiceRecord(RecordId, HoursAgo(4), HoursAgo(1), 150, "Visited Mrs Li and Mr Zhao", " Sheet found ", RiversideStaff))
            .Then(amended);

        Assert.NotNull(record);
        Assert.Equal(RecordStatus.Submitted, record.Status);
        Assert.False(record.Contested);
        Assert.Equal(150, record.MinutesServed.Value);
        Assert.Equal(1, record.Amendments);
    }

    [Fact]
    public void A_rejected_record_that_was_not_contested_cannot_be_amended() =>
        Given(Submitted(), Rejected())
            .When(new AmendServiceRecord(RecordId, HoursAgo(4), HoursAgo(1), 150, "More", "Sheet found", RiversideStaff))
            .ThenFails(RefusalCodes.InvalidRecordState);

    [Fact]
    public void An_amendment_is_checked_like_a_submission() =>
        Given(Submitted(), Rejected(), Contested())
            .When(new AmendServiceRecord(RecordId, HoursAgo(14), HoursAgo(1), 150, "More", "Sheet found", RiversideStaff))
            .ThenFails(RefusalCodes.RecordTooLong);

    [Fact]
    public void An_amendment_does_not_overlap_the_record_itself() =>
        GivenIn(Context(schedule: new ServiceInterval(RecordId, HoursAgo(3), HoursAgo(1))), Submitted())
            .When(new AmendServiceRecord(RecordId, HoursAgo(4), HoursAgo(1), 150, "More", "Sheet found", RiversideStaff))
            .Then(events => Assert.IsType<ServiceRecordAmended>(Assert.Single(events)));

    [Fact]
    public void A_credited_record_cannot_be_amended() =>
        Given(Submitted(), Verified(), Credited())
            .When(new AmendServiceRecord(RecordId, HoursAgo(4), HoursAgo(1), 150, "More", "Sheet found", RiversideStaff))
            .ThenFails(RefusalCodes.InvalidRecordState);

    // Whoever may not see a record (another volunteer, staff of another community) learns nothing about it

    [Theory]
    [InlineData("verify")]
    [InlineData("reject")]
    [InlineData("revoke")]
    [InlineData("contest")]
    [InlineData("amend")]
    public void An_outsider_acting_on_a_record_gets_the_answer_a_missing_record_gets(string what)
    {
        foreach (var outsider in new[] { HillsideStaff, Ben })
        {
            var missing = Given().When(Command(what, outsider)).ThenFails(RefusalCodes.NotFound);
            foreach (var history in new ServiceRecordEvent[][] { [Submitted()], [Submitted(), Verified(), Credited()], [Submitted(), Rejected()] })
            {
                var hidden = Given(history).When(Command(what, outsider)).ThenFails(RefusalCodes.NotFound);
                Assert.Equal(missing.Message, hidden.Message);
            }
        }

        static ServiceRecordCommand Command(string what, Actors.Actor actor) => what switch
        {
            "verify" => new VerifyServiceRecord(RecordId, actor),
            "reject" => new RejectServiceRecord(RecordId, "No sign-in sheet", actor),
            "revoke" => new RevokeServiceRecord(RecordId, "Duplicate entry", actor),
            "contest" => new ContestServiceRecord(RecordId, "I was there", actor),
            "amend" => new AmendServiceRecord(RecordId, HoursAgo(3), HoursAgo(1), 60, "Visited Mrs Li", "Corrected", actor),
            _ => throw new ArgumentOutOfRangeException(nameof(what), what, null),
        };
    }

    // What each refusal says, and the boundaries of the rules

    [Fact]
    public void A_record_submitted_twice_is_named_in_the_refusal() =>
        Assert.Equal($"Service record {RecordId} already exists.", Given(Submitted()).When(Submit()).ThenFails(RefusalCodes.AlreadyExists).Message);

    [Fact]
    public void An_unknown_record_is_named_in_the_refusal() =>
        Assert.Equal(
            $"Service record {RecordId} was not found.",
            Given().When(new MarkServiceRecordCredited(RecordId)).ThenFails(RefusalCodes.NotFound).Message);

    [Fact]
    public void An_unknown_project_and_an_unregistered_volunteer_are_named_in_the_refusal()
    {
        Assert.Equal(
            $"Project {Eldercare.Id} was not found.",
            GivenIn(Context() with { Project = null }).When(Submit()).ThenFails(RefusalCodes.ProjectNotFound).Message);
        Assert.Equal(
            $"Volunteer {AnaId} is not registered.",
            GivenIn(Context(registered: false)).When(Submit()).ThenFails(RefusalCodes.VolunteerNotFound).Message);
    }

    [Fact]
    public void The_submission_takes_the_projects_details_and_its_own_place_when_it_names_one() =>
        Given().When(Submit() with { Place = "Mrs Li's flat", RecipientId = BenId, QualityRating = 4 })
            .Then(Submitted() with { Place = "Mrs Li's flat", RecipientId = BenId, QualityRating = 4 });

    [Fact]
    public void A_record_in_another_communitys_project_is_recorded_by_that_communitys_staff() =>
        GivenIn(Context(Tutoring)).When(Submit(projectId: Tutoring.Id, actor: HillsideStaff)).Then(
            new ServiceRecordSubmitted(
                RecordId, AnaId, Tutoring.Id, Hillside, Tutoring.Name, Tutoring.Category, Tutoring.PointsCoefficientPercent,
                Tutoring.EarnsTimeCredits, Tutoring.Place, HoursAgo(3), HoursAgo(1), 90, "Visited Mrs Li", null, 5, "Mr Wang",
                HillsideStaffId, Now));

    [Theory]
    [InlineData("record", "record service")]
    [InlineData("verify", "verify this record")]
    [InlineData("reject", "reject this record")]
    [InlineData("revoke", "revoke this record")]
    [InlineData("amend", "amend this record")]
    public void A_refusal_to_someone_not_staff_of_the_community_says_what_they_may_not_do(string what, string doing)
    {
        ServiceRecordEvent[] history = what == "revoke" ? [Submitted(), Verified(), Credited()] : what == "record" ? [] : [Submitted()];
        ServiceRecordCommand command = what switch
        {
            "record" => Submit(actor: Ana),
            "verify" => new VerifyServiceRecord(RecordId, Ana),
            "reject" => new RejectServiceRecord(RecordId, "No sign-in sheet", Ana),
            "revoke" => new RevokeServiceRecord(RecordId, "Duplicate entry", Ana),
            _ => new AmendServiceRecord(RecordId, HoursAgo(3), HoursAgo(1), 60, "Visited Mrs Li", "Corrected", Ana),
        };

        var refusal = Given(history).When(command).ThenFails(RefusalCodes.NotStaffOfCommunity);

        Assert.Equal($"Only staff of the record's community may {doing}.", refusal.Message);
    }

    [Fact]
    public void A_city_admin_sees_every_record_but_is_not_its_communitys_staff() =>
        Given(Submitted()).When(new VerifyServiceRecord(RecordId, CityAdmin)).ThenFails(RefusalCodes.NotStaffOfCommunity);

    [Fact]
    public void The_refusal_of_an_own_record_says_why() =>
        Assert.Equal(
            "A volunteer cannot verify their own service record.",
            Given(Submitted()).When(new VerifyServiceRecord(RecordId, AnaAsStaff)).ThenFails(RefusalCodes.OwnRecord).Message);

    [Fact]
    public void A_volunteer_who_is_staff_verifies_the_records_of_others() =>
        Given(Submitted(volunteerId: BenId)).When(new VerifyServiceRecord(RecordId, AnaAsStaff))
            .Then(new ServiceRecordVerified(RecordId, BenId, AnaId, Now));

    [Fact]
    public void A_verified_record_knows_who_verified_it()
    {
        var record = Given(Submitted()).When(new VerifyServiceRecord(RecordId, RiversideStaff)).Then(Verified());

        Assert.Equal((RecordStatus.Verified, RiversideStaffId), (record!.Status, record.VerifiedBy));
    }

    [Fact]
    public void A_refusal_in_the_wrong_state_names_the_state_and_the_change()
    {
        Assert.Equal(
            "A verified record cannot be verified.",
            Given(Submitted(), Verified()).When(new VerifyServiceRecord(RecordId, RiversideStaff)).ThenFails(RefusalCodes.InvalidRecordState).Message);
        Assert.Equal(
            "A verified record cannot be rejected.",
            Given(Submitted(), Verified()).When(new RejectServiceRecord(RecordId, "Late", RiversideStaff)).ThenFails(RefusalCodes.InvalidRecordState).Message);
        Assert.Equal(
            "A submitted record cannot be credited.",
            Given(Submitted()).When(new MarkServiceRecordCredited(RecordId)).ThenFails(RefusalCodes.InvalidRecordState).Message);
        Assert.Equal(
            "A submitted record cannot be revoked.",
            Given(Submitted()).When(new RevokeServiceRecord(RecordId, "Duplicate", RiversideStaff)).ThenFails(RefusalCodes.InvalidRecordState).Message);
        Assert.Equal(
            "A revoked record cannot be contested.",
            Given(Submitted(), Verified(), Credited(), Revoked()).When(new ContestServiceRecord(RecordId, "Why?", Ana))
                .ThenFails(RefusalCodes.InvalidRecordState).Message);
        Assert.Equal(
            "A credited record cannot be amended.",
            Given(Submitted(), Verified(), Credited())
                .When(new AmendServiceRecord(RecordId, HoursAgo(4), HoursAgo(1), 150, "More", "Sheet found", RiversideStaff))
                .ThenFails(RefusalCodes.InvalidRecordState).Message);
    }

    [Fact]
    public void A_record_revoked_twice_is_named_in_the_refusal() =>
        Assert.Equal(
            $"Service record {RecordId} is already revoked.",
            Given(Submitted(), Verified(), Credited(), Revoked()).When(new RevokeServiceRecord(RecordId, "Duplicate entry", RiversideStaff))
                .ThenFails(RefusalCodes.AlreadyRevoked).Message);

    [Fact]
    public void A_missing_reason_is_refused_before_the_state_is_checked()
    {
        Assert.Equal(
            "A reason is required.",
            Given(Submitted(), Verified()).When(new RejectServiceRecord(RecordId, " ", RiversideStaff)).ThenFails(RefusalCodes.ReasonRequired).Message);
        Given(Submitted()).When(new RevokeServiceRecord(RecordId, "", RiversideStaff)).ThenFails(RefusalCodes.ReasonRequired);
        Given(Submitted(), Verified(), Credited()).When(new AmendServiceRecord(RecordId, HoursAgo(4), HoursAgo(1), 150, "More", " ", RiversideStaff))
            .ThenFails(RefusalCodes.ReasonRequired);
        Given(Submitted(), Verified(), Credited(), Revoked()).When(new ContestServiceRecord(RecordId, "\t", Ana)).ThenFails(RefusalCodes.ReasonRequired);
    }

    [Fact]
    public void A_revocation_and_a_contest_keep_their_reason_trimmed()
    {
        var record = Given(Submitted(), Verified(), Credited())
            .When(new RevokeServiceRecord(RecordId, "  Duplicate entry ", RiversideStaff)).Then(Revoked());
        Assert.Equal(RecordStatus.Revoked, record!.Status);

        Given(Submitted(), Rejected()).When(new ContestServiceRecord(RecordId, " I was there; here is the photo  ", Ana)).Then(Contested());
    }

    [Fact]
    public void The_volunteer_contests_a_submitted_or_credited_record_which_keeps_its_state()
    {
        var submitted = Given(Submitted()).When(new ContestServiceRecord(RecordId, "Wrong hours", Ana))
            .Then(new ServiceRecordContested(RecordId, "Wrong hours", AnaId, Now));
        Assert.Equal((RecordStatus.Submitted, true), (submitted!.Status, submitted.Contested));

        var credited = Given(Submitted(), Verified(), Credited()).When(new ContestServiceRecord(RecordId, "Wrong hours", Ana))
            .Then(new ServiceRecordContested(RecordId, "Wrong hours", AnaId, Now));
        Assert.Equal((RecordStatus.Credited, true), (credited!.Status, credited.Contested));
    }

    [Fact]
    public void The_refusal_of_a_contest_by_staff_says_who_contests() =>
        Assert.Equal(
            "Only the volunteer contests their own record; staff amend it.",
            Given(Submitted(), Rejected()).When(new ContestServiceRecord(RecordId, "On her behalf", CityAdmin)).ThenFails(RefusalCodes.Forbidden).Message);

    [Fact]
    public void Staff_amend_a_submitted_record()
    {
        var record = Given(Submitted())
            .When(new AmendServiceRecord(RecordId, HoursAgo(4), HoursAgo(2), 100, "Visited Mrs Li twice", "Times corrected", RiversideStaff))
            .Then(new ServiceRecordAmended(RecordId, HoursAgo(4), HoursAgo(2), 100, "Visited Mrs Li twice", "Times corrected", RiversideStaffId, Now));

        Assert.Equal(
            (RecordStatus.Submitted, HoursAgo(4), HoursAgo(2), "Visited Mrs Li twice", new ServiceInterval(RecordId, HoursAgo(4), HoursAgo(2))),
            (record!.Status, record.StartedAt, record.EndedAt, record.Content, record.Interval));
    }

    [Fact]
    public void An_amendment_that_overlaps_another_record_of_the_volunteer_is_refused()
    {
        var other = Guid.Parse("00000000-0000-0000-0000-0000000e0002");
        var refusal = GivenIn(
                Context(schedule: [new ServiceInterval(RecordId, HoursAgo(3), HoursAgo(1)), new ServiceInterval(other, HoursAgo(5), HoursAgo(3.5))]),
                Submitted())
            .When(new AmendServiceRecord(RecordId, HoursAgo(4), HoursAgo(1), 150, "More", "Sheet found", RiversideStaff))
            .ThenFails(RefusalCodes.RecordOverlaps);

        Assert.Equal(
            $"The volunteer already has record {other} from {RefusalTimes.Write(HoursAgo(5), RefusalTimes.ChinaTime)} to {RefusalTimes.Write(HoursAgo(3.5), RefusalTimes.ChinaTime)}, which overlaps this one.", refusal.Message);
    }

    [Fact]
    public void A_record_that_starts_when_another_ends_does_not_overlap() =>
        GivenIn(Context(schedule: new ServiceInterval(Guid.NewGuid(), HoursAgo(4), HoursAgo(3))))
            .When(Submit()).Then(Submitted());

    [Fact]
    public void A_record_inside_another_record_overlaps() =>
        GivenIn(Context(schedule: new ServiceInterval(Guid.NewGuid(), HoursAgo(5), HoursAgo(0.5))))
            .When(Submit()).ThenFails(RefusalCodes.RecordOverlaps);

    [Fact]
    public void The_refusals_of_times_say_what_is_wrong()
    {
        Assert.Equal(
            $"The service ends ({RefusalTimes.Write(HoursAgo(2), RefusalTimes.ChinaTime)}) before it starts ({RefusalTimes.Write(HoursAgo(1), RefusalTimes.ChinaTime)}).",
            Given().When(Submit(start: HoursAgo(1), end: HoursAgo(2))).ThenFails(RefusalCodes.RecordEndsBeforeStart).Message);
        Assert.Equal(
            $"The service ends in the future ({RefusalTimes.Write(Now.AddMinutes(1), RefusalTimes.ChinaTime)}); record it after it is done.",
            Given().When(Submit(start: HoursAgo(1), end: Now.AddMinutes(1), minutes: 60)).ThenFails(RefusalCodes.RecordInFuture).Message);
        Assert.Equal(
            "A record covers at most 12 hours; this one covers 721 minutes.",
            Given().When(Submit(start: HoursAgo(13).AddMinutes(-1), end: HoursAgo(1), minutes: 600)).ThenFails(RefusalCodes.RecordTooLong).Message);
        Assert.Equal(
            "Minutes served must be between 1 and the 120 minutes from start to end; got 121.",
            Given().When(Submit(minutes: 121)).ThenFails(RefusalCodes.RecordMinutesInvalid).Message);
    }

    [Fact]
    public void A_policy_with_a_shorter_longest_record_refuses_longer_ones()
    {
        var context = Context() with { Policy = Policies.LedgerPolicy.Default with { MaxRecordLength = Units.Minutes.FromHours(2) } };

        GivenIn(context).When(Submit(start: HoursAgo(3), end: HoursAgo(1), minutes: 120)).Then(events => Assert.Single(events));
        Assert.Equal(
            "A record covers at most 2 hours; this one covers 150 minutes.",
            GivenIn(context).When(Submit(start: HoursAgo(3.5), end: HoursAgo(1), minutes: 120)).ThenFails(RefusalCodes.RecordTooLong).Message);
    }

    [Fact]
    public void One_minute_served_is_accepted() =>
        Given().When(Submit(minutes: 1)).Then(events => Assert.Equal(1, Assert.IsType<ServiceRecordSubmitted>(Assert.Single(events)).MinutesServed));

    [Fact]
    public void A_record_shows_to_its_volunteer_its_communitys_staff_and_city_admins_only()
    {
        var record = Given(Submitted()).State!;

        Assert.True(record.IsVisibleTo(Ana));
        Assert.True(record.IsVisibleTo(RiversideStaff));
        Assert.True(record.IsVisibleTo(CityAdmin));
        Assert.False(record.IsVisibleTo(Ben));
        Assert.False(record.IsVisibleTo(HillsideStaff));
        Assert.Throws<ArgumentNullException>(() => ServiceRecordVisibility.IsVisibleTo(null!, Ana));
        Assert.Throws<ArgumentNullException>(() => record.IsVisibleTo(null!));
    }

    [Fact]
    public void Events_before_the_submission_fold_to_no_record() =>
        Assert.Null(ServiceRecord.Evolve(null, Verified()));

    [Fact]
    public void A_command_no_rule_decides_is_an_error_not_a_refusal()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ServiceRecordDecider.Decide(new Unheard(RecordId), Given(Submitted()).State, Now));

        Assert.Equal("No rule decides Unheard.", error.Message);
    }

    [Fact]
    public void Without_a_context_a_submission_knows_no_project_and_no_registered_volunteer()
    {
        Assert.Equal((null, false), (RecordContext.None.Project, RecordContext.None.VolunteerRegistered));
        Assert.Empty(RecordContext.None.VolunteerSchedule);
        Assert.Equal(RefusalCodes.ProjectNotFound, Assert.Throws<LedgerRefusal>(() => ServiceRecordDecider.Decide(Submit(), null, Now)).Code);
    }

    private sealed record Unheard(Guid RecordId) : ServiceRecordCommand(RecordId);
}
