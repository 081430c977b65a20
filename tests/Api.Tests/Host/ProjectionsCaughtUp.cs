using Marten;
using Marten.Events;

namespace TimeBank.Api.Tests.Host;

/// <summary>
/// The one wait of the tests for the asynchronous projections: until they have folded every event appended so far. Its
/// deadline only matters when a test would fail; it is long because a loaded 2-core machine needs it (ADR 0050).
/// </summary>
public static class ProjectionsCaughtUp
{
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    public static Task CaughtUpAsync(this IDocumentStore store) => store.WaitForNonStaleProjectionDataAsync(Deadline);
}
