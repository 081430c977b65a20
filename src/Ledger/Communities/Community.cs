using System.Collections.Immutable;

namespace TimeBank.Ledger.Communities;

/// <summary>A community as it stands after its events: where service is recorded, and the staff who verify it.</summary>
public sealed record Community(Guid Id, string Name, string Street, string District, ImmutableHashSet<Guid> Staff)
{
    public static Community FromRegistration(CommunityRegistered registered) =>
        new(registered.CommunityId, registered.Name, registered.Street, registered.District, []);

    public Community WithStaff(StaffAssigned assigned) => this with { Staff = Staff.Add(assigned.StaffId) };

    public static Community? Evolve(Community? state, CommunityEvent @event) => (state, @event) switch
    {
        (null, CommunityRegistered registered) => FromRegistration(registered),
        (null, _) => null,
        (_, CommunityRegistered) => state,
        (_, StaffAssigned assigned) => state.WithStaff(assigned),
        _ => throw new UnknownEventException($"{nameof(Community)}.{nameof(Evolve)}", @event),
    };
}
