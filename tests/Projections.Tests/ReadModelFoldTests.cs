using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;

namespace TimeBank.Projections.Tests;

/// <summary>The single-pass rebuild folds every stored read model, and refuses a projection it has no fold for.</summary>
public sealed class ReadModelFoldTests
{
    [Fact]
    public void Every_stored_projection_has_its_fold()
    {
        var options = new StoreOptions().ConfigureProjections();

        var folded = options.ReadModelFolds().Select(f => f.ProjectionName).Order().ToList();

        var stored = options.Projections.All.Where(p => p.Lifecycle != ProjectionLifecycle.Live).Select(p => p.Name).Order().ToList();
        Assert.Equal(stored, folded);
        Assert.Equal(21, folded.Count);
    }

    [Fact]
    public void A_projection_without_a_fold_stops_the_rebuild_with_its_name()
    {
        var options = new StoreOptions().ConfigureProjections();
        options.Projections.Add(new UnfoldedProjection(), ProjectionLifecycle.Async);

        var refused = Assert.Throws<InvalidOperationException>(() => options.ReadModelFolds());

        Assert.Contains("Unfolded", refused.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(ProjectionsRegistration.ReadModelFolds), refused.Message, StringComparison.Ordinal);
    }

    public sealed record Unfolded(Guid Id);

    private sealed class UnfoldedProjection : SingleStreamProjection<Unfolded, Guid>
    {
        public override Unfolded? Evolve(Unfolded? snapshot, Guid id, IEvent e) => snapshot ?? new Unfolded(id);
    }
}
