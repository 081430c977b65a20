using System.Reflection;
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

namespace TimeBank.Ledger;

/// <summary>
/// Every event of the ledger, found from its closed families: one family per aggregate, whose stream takes its events
/// only. Stored names, the event types a read model reads and the completeness test all start here, so that a new
/// event is its record (with its stored name) and its case in the family's <c>Evolve</c>.
/// </summary>
public static class LedgerEvents
{
    /// <summary>The families: the base record of each aggregate's events.</summary>
    public static IReadOnlyList<Type> Families { get; } =
        [typeof(CommunityEvent), typeof(ProjectEvent), typeof(VolunteerAccountEvent), typeof(ServiceRecordEvent), typeof(MerchantEvent),
         typeof(CertificateEvent), typeof(CertificateRegisterEvent), typeof(CommendationEvent),
         typeof(SocialOrganizationEvent), typeof(ServiceStationEvent),
         typeof(SlotEvent), typeof(VolunteerSkillsEvent), typeof(NeedEvent), typeof(RelationEvent), typeof(CommunityPoolEvent)];

    /// <summary>Every event type: the concrete records of the families.</summary>
    public static IReadOnlyList<Type> All { get; } =
        [.. typeof(LedgerEvents).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && Families.Any(f => f.IsAssignableFrom(t)))];

    /// <summary>The event types of a family, or of a kind across families (<see cref="IHoldEvent"/>, <see cref="ILedgerTransaction"/>).</summary>
    public static IReadOnlyList<Type> Of<TKind>() => [.. All.Where(typeof(TKind).IsAssignableFrom)];

    /// <summary>The stored names, as <see cref="StoredAsAttribute"/> declares them beside the records.</summary>
    public static IReadOnlyDictionary<Type, string> StoredNames { get; } = All
        .Select(t => (Type: t, Name: t.GetCustomAttribute<StoredAsAttribute>()?.Name))
        .Where(t => t.Name is not null)
        .ToDictionary(t => t.Type, t => t.Name!);

    /// <summary>The stored name of an event type: an event without one cannot be stored.</summary>
    public static string StoredName(Type eventType) => StoredNames.TryGetValue(eventType, out var name)
        ? name
        : throw new InvalidOperationException($"The event {eventType.Name} has no stored name: declare it with [StoredAs(\"...\")] on its record.");
}
