using TimeBank.Ledger.Communities;

namespace TimeBank.Projections;

/// <summary>Published service projects. Inline.</summary>
public sealed class ProjectProjection() : AggregateProjection<Project, ProjectEvent>(Project.Evolve);
