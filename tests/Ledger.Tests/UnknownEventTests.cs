using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Ledger.Tests;

/// <summary>A fold throws for an event of its family it has no case for, and keeps the ones it ignores on purpose as cases (ADR 0023).</summary>
public sealed class UnknownEventTests
{
    private static readonly Guid Id = Guid.CreateVersion7();
    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly VolunteerRegistered Registered = new(Id, Id, "V-1", Id, At);
    private static readonly PointsHeld Held = new(Id, Id, Id, "1234", 10, Id, [], Id, At, At.AddMinutes(5));
    private static readonly ServiceRecordSubmitted Submitted =
        new(Id, Id, Id, Id, "p", "c", 100, true, "here", At, At.AddHours(1), 60, "content", null, null, "head", Id, At);
    private static readonly MerchantRegistered MerchantRegistered = new(Id, Id, "shop", Id, At);
    private static readonly CommunityRegistered CommunityRegistered = new(Id, "c", "s", "d", Id, At);

    private sealed record UnlistedAccountEvent() : VolunteerAccountEvent(Id);

    private sealed record UnlistedHoldEvent(Guid HoldId, Guid MerchantId) : VolunteerAccountEvent(Id), IHoldEvent;

    private sealed record UnlistedRecordEvent() : ServiceRecordEvent(Id);

    private sealed record UnlistedMerchantEvent() : MerchantEvent(Id);

    private sealed record UnlistedCommunityEvent : CommunityEvent;

    private sealed record UnlistedProjectEvent : ProjectEvent;

    [Fact]
    public void Every_aggregate_fold_names_the_event_it_does_not_know()
    {
        AssertUnknown("VolunteerAccount.Evolve", nameof(UnlistedAccountEvent), () => VolunteerAccount.Evolve(VolunteerAccount.Open(Registered), new UnlistedAccountEvent()));
        AssertUnknown("Hold.Evolve", nameof(UnlistedHoldEvent), () => Hold.Evolve(Hold.Place(Held), new UnlistedHoldEvent(Held.HoldId, Id)));
        AssertUnknown("ServiceRecord.Evolve", nameof(UnlistedRecordEvent), () => ServiceRecord.Evolve(ServiceRecord.FromSubmission(Submitted), new UnlistedRecordEvent()));
        AssertUnknown("Merchant.Evolve", nameof(UnlistedMerchantEvent), () => Merchant.Evolve(Merchant.FromRegistration(MerchantRegistered), new UnlistedMerchantEvent()));
        AssertUnknown("Community.Evolve", nameof(UnlistedCommunityEvent), () => Community.Evolve(Community.FromRegistration(CommunityRegistered), new UnlistedCommunityEvent()));
        AssertUnknown("Project.Evolve", nameof(UnlistedProjectEvent), () => Project.Evolve(null, new UnlistedProjectEvent()));
    }

    [Fact]
    public void A_stream_started_again_leaves_the_state_as_it_is()
    {
        var account = VolunteerAccount.Open(Registered);
        Assert.Same(account, VolunteerAccount.Evolve(account, Registered));
        var record = ServiceRecord.FromSubmission(Submitted);
        Assert.Same(record, ServiceRecord.Evolve(record, Submitted));
        var merchant = Merchant.FromRegistration(MerchantRegistered);
        Assert.Same(merchant, Merchant.Evolve(merchant, MerchantRegistered));
        var community = Community.FromRegistration(CommunityRegistered);
        Assert.Same(community, Community.Evolve(community, CommunityRegistered));
    }

    [Fact]
    public void A_hold_ignores_the_account_events_that_are_not_its_own()
    {
        var hold = Hold.Place(Held);
        Assert.Same(hold, Hold.Evolve(hold, Registered));
        Assert.Same(hold, Hold.Evolve(hold, Held));
        Assert.Same(hold, Hold.Evolve(hold, new UnlistedHoldEvent(Guid.CreateVersion7(), Id)));
        Assert.Null(Hold.Evolve(null, Registered));
    }

    [Fact]
    public void Events_before_a_stream_starts_fold_to_nothing()
    {
        Assert.Null(VolunteerAccount.Evolve(null, new UnlistedAccountEvent()));
        Assert.Null(Community.Evolve(null, new StaffAssigned(Id, Id, Id, At)));
        Assert.Null(Community.Evolve(null, new UnlistedCommunityEvent()));
        Assert.Equal(Project.FromPublication(Published()), Project.Evolve(null, Published()));
    }

    [Fact]
    public void Every_event_has_its_stored_name_and_its_kinds()
    {
        Assert.Equal("points_held.v1", LedgerEvents.StoredName(typeof(PointsHeld)));
        Assert.Equal(LedgerEvents.All.Count, LedgerEvents.StoredNames.Count);
        Assert.Equal(LedgerEvents.All.Count, LedgerEvents.StoredNames.Values.Distinct().Count());
        var unnamed = Assert.Throws<InvalidOperationException>(() => LedgerEvents.StoredName(typeof(UnlistedAccountEvent)));
        Assert.Contains(nameof(UnlistedAccountEvent), unnamed.Message, StringComparison.Ordinal);
        Assert.Equal(
            [nameof(HoldCompleted), nameof(HoldExpired), nameof(HoldVoided), nameof(PointsHeld), nameof(PointsRefunded)],
            LedgerEvents.Of<IHoldEvent>().Select(t => t.Name).Order());
        Assert.Equal(Hold.IdOf(Held), Held.HoldId);
        Assert.Null(Hold.IdOf(Registered));
    }

    private static ProjectPublished Published() => new(Id, Id, "p", "c", 100, true, "here", Id, At);

    private static void AssertUnknown(string fold, string eventName, Func<object?> evolve)
    {
        var unknown = Assert.Throws<UnknownEventException>(evolve);
        Assert.Equal($"{fold} has no case for the event {eventName}: add one.", unknown.Message);
    }
}
