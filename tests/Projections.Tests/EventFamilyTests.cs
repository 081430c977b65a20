using System.Reflection;
using JasperFx.Events;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Certificates;
using TimeBank.Ledger.Commendations;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Gifts;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.Needs;
using TimeBank.Ledger.Organizations;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Slots;
using TimeBank.Ledger.Stations;

namespace TimeBank.Projections.Tests;

/// <summary>
/// A new event is its record in its aggregate's family, its stored name beside it, its sample and its case in the
/// family's <c>Evolve</c> (and in the folds that read it: the hold's, the history's, the settlement's). Each event is
/// checked here, so a missing piece fails with the event's name.
/// </summary>
public sealed class EventFamilyTests
{
    public static TheoryData<string> EventTypes => [.. LedgerEvents.All.Select(t => t.Name)];

    /// <summary>Each family's fold, applied to a state its own first event started, so that the fold reaches its cases.</summary>
    private static readonly IReadOnlyDictionary<Type, Func<object, object?>> Folds = new Dictionary<Type, Func<object, object?>>
    {
        [typeof(VolunteerAccountEvent)] = e => VolunteerAccount.Evolve(Started<VolunteerRegistered, VolunteerAccount>(VolunteerAccount.Open), (VolunteerAccountEvent)e),
        [typeof(ServiceRecordEvent)] = e => ServiceRecord.Evolve(Started<ServiceRecordSubmitted, ServiceRecord>(ServiceRecord.FromSubmission), (ServiceRecordEvent)e),
        [typeof(MerchantEvent)] = e => Merchant.Evolve(Started<MerchantRegistered, Merchant>(Merchant.FromRegistration), (MerchantEvent)e),
        [typeof(CommunityEvent)] = e => Community.Evolve(Started<CommunityRegistered, Community>(Community.FromRegistration), (CommunityEvent)e),
        [typeof(ProjectEvent)] = e => Project.Evolve(Started<ProjectPublished, Project>(Project.FromPublication), (ProjectEvent)e),
        [typeof(CertificateEvent)] = e => Certificate.Evolve(Started<CertificateRequested, Certificate>(Certificate.FromRequest), (CertificateEvent)e),
        [typeof(CertificateRegisterEvent)] = e => CertificateRegister.Evolve(
            Started<CertificateNumberTaken, CertificateRegister?>(taken => CertificateRegister.Evolve(null, taken)), (CertificateRegisterEvent)e),
        [typeof(CommendationEvent)] = e => Commendation.Evolve(Started<CommendationGranted, Commendation>(Commendation.FromGrant), (CommendationEvent)e),
        [typeof(SocialOrganizationEvent)] = e => SocialOrganization.Evolve(
            Started<SocialOrganizationRegistered, SocialOrganization>(SocialOrganization.FromRegistration), (SocialOrganizationEvent)e),
        [typeof(NeedEvent)] = e => Need.Evolve(Started<NeedPosted, Need?>(posted => Need.Evolve(null, posted)), (NeedEvent)e),
        [typeof(ServiceStationEvent)] = e => ServiceStation.Evolve(Started<ServiceStationRegistered, ServiceStation>(ServiceStation.FromRegistration), (ServiceStationEvent)e),
        [typeof(SlotEvent)] = e => Slot.Evolve(Started<SlotPublished, Slot>(Slot.FromPublication), (SlotEvent)e),
        [typeof(VolunteerSkillsEvent)] = e => VolunteerSkills.Evolve(
            Started<SkillDeclared, VolunteerSkills?>(declared => VolunteerSkills.Evolve(null, declared)), (VolunteerSkillsEvent)e),
        [typeof(RelationEvent)] = e => Relation.Evolve(Started<RelationRecorded, Relation?>(recorded => Relation.Evolve(null, recorded)), (RelationEvent)e),
        [typeof(CommunityPoolEvent)] = e => CommunityPool.Evolve(
            Started<PoolDonationReceived, CommunityPool?>(donated => CommunityPool.Evolve(null, donated)), (CommunityPoolEvent)e),
    };

    [Fact]
    public void Every_event_belongs_to_exactly_one_family()
    {
        var ledger = typeof(LedgerEvents).Assembly.GetTypes();
        var named = ledger.Where(t => t.GetCustomAttribute<StoredAsAttribute>() is not null);

        Assert.All(named, t => Assert.True(LedgerEvents.All.Contains(t), $"{t.Name} has a stored name but belongs to no family of LedgerEvents."));
        Assert.All(LedgerEvents.All, t => Assert.Single(LedgerEvents.Families, f => f.IsAssignableFrom(t)));
        Assert.All(ledger.Where(t => t is { IsAbstract: true, IsClass: true } && t.Name.EndsWith("Event", StringComparison.Ordinal)),
            t => Assert.True(LedgerEvents.Families.Contains(t), $"{t.Name} looks like an event family but is not in LedgerEvents.Families."));
        Assert.Equal(LedgerEvents.Families.Select(f => f.Name).Order(), Folds.Keys.Select(f => f.Name).Order());
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Every_event_has_a_stored_name_a_sample_and_a_case_in_its_folds(string eventType)
    {
        var type = LedgerEvents.All.Single(t => t.Name == eventType);
        var name = type.GetCustomAttribute<StoredAsAttribute>()?.Name;
        Assert.True(name is not null, $"{type.Name} has no stored name: declare it with [StoredAs(\"...\")] on its record.");
        Assert.True(EventSampleTests.Samples.TryGetValue(name, out var sample), $"{type.Name} has no sample: add one to {nameof(EventSampleTests)}.{nameof(EventSampleTests.Samples)}.");

        var family = LedgerEvents.Families.Single(f => f.IsAssignableFrom(type));
        AssertKnown(() => Folds[family](sample));
        if (sample is IHoldEvent)
        {
            AssertKnown(() => Hold.Evolve(Hold.Place(Sample<PointsHeld>()), (VolunteerAccountEvent)sample));
        }

        var stored = Stored(sample);
        if (sample is VolunteerAccountEvent)
        {
            AssertKnown(() => VolunteerHistoryProjection.Entry(stored));
        }

        AssertKnown(() => new MerchantSettlementProjection().Evolve(null, "day", stored));
    }

    [Fact]
    public void A_fold_names_the_event_it_does_not_know()
    {
        var unknown = Assert.Throws<UnknownEventException>(() => VolunteerAccount.Evolve(Started<VolunteerRegistered, VolunteerAccount>(VolunteerAccount.Open), new Unlisted()));

        Assert.Equal("VolunteerAccount.Evolve has no case for the event Unlisted: add one.", unknown.Message);
    }

    /// <summary>An account event no fold knows, as a new event would be before its cases are written.</summary>
    private sealed record Unlisted() : VolunteerAccountEvent(Guid.Empty);

    /// <summary>
    /// Fails when the fold has no case for the event. Any other exception is the fold refusing this particular history
    /// (a revocation of a record never credited, say), which is not what this test is about.
    /// </summary>
    private static void AssertKnown(Func<object?> fold)
    {
        var thrown = Record.Exception(fold);
        Assert.False(thrown is UnknownEventException, thrown?.Message);
    }

    private static TEvent Sample<TEvent>() => EventSampleTests.Samples.Values.OfType<TEvent>().Single();

    private static TState Started<TEvent, TState>(Func<TEvent, TState> start) => start(Sample<TEvent>());

    private static IEvent Stored(object data) =>
        (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;
}
