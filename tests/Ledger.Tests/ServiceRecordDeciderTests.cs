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
}
