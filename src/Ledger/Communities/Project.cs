namespace TimeBank.Ledger.Communities;

/// <summary>A published service project, as a record's submission needs it.</summary>
public sealed record Project(
    Guid Id, Guid CommunityId, string Name, string Category, int PointsCoefficientPercent, bool EarnsTimeCredits, string Place)
{
    public static Project FromPublication(ProjectPublished published) =>
        new(published.ProjectId, published.CommunityId, published.Name, published.Category,
            published.PointsCoefficientPercent, published.EarnsTimeCredits, published.Place);

    public static Project? Evolve(Project? state, ProjectEvent @event) => @event switch
    {
        ProjectPublished published => FromPublication(published),
        _ => throw new UnknownEventException($"{nameof(Project)}.{nameof(Evolve)}", @event),
    };
}
