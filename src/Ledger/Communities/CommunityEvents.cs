namespace TimeBank.Ledger.Communities;

/// <summary>Events of a community's stream: where service is recorded and verified.</summary>
public abstract record CommunityEvent;

[StoredAs("community_registered.v1")]
public sealed record CommunityRegistered(
    Guid CommunityId, string Name, string Street, string District, Guid RegisteredBy, DateTimeOffset RegisteredAt) : CommunityEvent;

[StoredAs("staff_assigned.v1")]
public sealed record StaffAssigned(Guid CommunityId, Guid StaffId, Guid AssignedBy, DateTimeOffset AssignedAt) : CommunityEvent;

/// <summary>Events of a service project's stream (志愿项目).</summary>
public abstract record ProjectEvent;

/// <param name="PointsCoefficientPercent">The project's points coefficient in hundredths (100 = 1.0).</param>
[StoredAs("project_published.v1")]
public sealed record ProjectPublished(
    Guid ProjectId,
    Guid CommunityId,
    string Name,
    string Category,
    int PointsCoefficientPercent,
    bool EarnsTimeCredits,
    string Place,
    Guid PublishedBy,
    DateTimeOffset PublishedAt) : ProjectEvent;
