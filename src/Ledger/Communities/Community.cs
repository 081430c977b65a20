using System.Collections.Immutable;

namespace TimeBank.Ledger.Communities;

public sealed record Community(Guid Id, string Name, string Street, string District, ImmutableHashSet<Guid> Staff)
{
    public static Community FromRegistration(CommunityRegistered registered) =>
        new(registered.CommunityId, registered.Name, registered.Street, registered.District, []);

    public Community WithStaff(StaffAssigned assigned) => this with { Staff = Staff.Add(assigned.StaffId) };
}

/// <summary>A published service project, as a record's submission needs it.</summary>
public sealed record Project(
    Guid Id, Guid CommunityId, string Name, string Category, int PointsCoefficientPercent, bool EarnsTimeCredits, string Place)
{
    public static Project FromPublication(ProjectPublished published) =>
        new(published.ProjectId, published.CommunityId, published.Name, published.Category,
            published.PointsCoefficientPercent, published.EarnsTimeCredits, published.Place);
}
