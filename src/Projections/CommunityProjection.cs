using JasperFx.Events;
using Marten.Events.Aggregation;
using TimeBank.Ledger.Communities;

namespace TimeBank.Projections;

/// <summary>Communities and their staff. Inline.</summary>
public sealed class CommunityProjection : SingleStreamProjection<Community, Guid>
{
    public CommunityProjection()
    {
        IncludeType<CommunityRegistered>();
        IncludeType<StaffAssigned>();
    }

    public override Community? Evolve(Community? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (null, CommunityRegistered registered) => Community.FromRegistration(registered),
        (not null, StaffAssigned assigned) => snapshot.WithStaff(assigned),
        _ => snapshot,
    };
}

/// <summary>Published service projects. Inline.</summary>
public sealed class ProjectProjection : SingleStreamProjection<Project, Guid>
{
    public ProjectProjection() => IncludeType<ProjectPublished>();

    public override Project? Evolve(Project? snapshot, Guid id, IEvent e) =>
        e.Data is ProjectPublished published ? Project.FromPublication(published) : snapshot;
}
