using JasperFx.Events;
using Marten.Events.Aggregation;
using TimeBank.Ledger.Communities;

namespace TimeBank.Projections;

/// <summary>Published service projects. Inline.</summary>
public sealed class ProjectProjection : SingleStreamProjection<Project, Guid>
{
    public ProjectProjection() => this.IncludeKind<ProjectEvent>();

    public override Project? Evolve(Project? snapshot, Guid id, IEvent e) =>
        e.Data is ProjectEvent projectEvent ? Project.Evolve(snapshot, projectEvent) : snapshot;
}
