using Marten;
using Microsoft.Extensions.Caching.Memory;
using TimeBank.Api.PersonalData;
using TimeBank.Projections.Standings;

namespace TimeBank.Api.Standings;

/// <summary>
/// The first page of each board, kept on this node for as long as the board's projection has not moved and nobody on it
/// was erased (ADR 0038, "the first page, kept"). Most reads of a board are of its first page, and the page changes only
/// when the projection folds more events, or its names when a volunteer on it is erased (the data key deleted, shown at
/// once): so a read asks the database, in one statement, how far the projection has got (one row of
/// <c>mt_event_progression</c>, by key) and how many of the page's volunteers still have a data key (one primary-key
/// lookup each), and answers from memory when both are what they were when the page was read. The answer is the one a
/// read of the board's rows would give then: never older than the database's projection, on any node, in either
/// durability mode. A page is kept per database (district), board and length; the least used go first.
/// </summary>
public sealed class BoardFirstPages : IDisposable
{
    /// <summary>How many first pages a node keeps.</summary>
    public const int Kept = 4_096;

    private readonly MemoryCache pages = new(new MemoryCacheOptions { SizeLimit = Kept });
    private readonly TimeSpan idle = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The first <paramref name="limit"/> public entries of <paramref name="board"/> in <paramref name="session"/>'s database, as
    /// <see cref="BoardReads.PageAsync"/> reads them; from memory when the board's projection is where it was when they were read.
    /// </summary>
    public async Task<IReadOnlyList<(BoardEntry Entry, BoardLine Line)>> PageAsync(
        IQuerySession session, PersonalDataVault vault, Board board, int limit, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        // By the database itself (one object per pool, kept for the life of the node): a session of a district's read
        // pool need not carry the district as its tenant.
        var key = (session.Database, board, limit);
        var kept = pages.Get<Page>(key);
        var (progress, named) = await StateAsync(session, kept, cancellation);
        if (kept is not null && kept.Progress == progress && kept.Named == named)
        {
            return kept.Entries;
        }

        // Read after the state: a page newer than its mark is only read again the next time, never served stale.
        var entries = await BoardReads.PageAsync(session, vault, board, after: null, limit, cancellation);
        if (progress is not null)
        {
            pages.Set(key, new Page(progress.Value, entries.Count(e => e.Line.MaskedName is not null), entries),
                new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = idle });
        }

        return entries;
    }

    public void Dispose() => pages.Dispose();

    /// <summary>
    /// The last event the board's projection has folded in this database (null before it has run) and how many of the
    /// kept page's volunteers still have a data key.
    /// </summary>
    private static async Task<(long? Progress, int Named)> StateAsync(IQuerySession session, Page? kept, CancellationToken cancellation)
    {
        var schema = session.DocumentStore.Options;
        var state = await session.QueryAsync<State>(
            $"select jsonb_build_object('Progress', (select last_seq_id from {schema.Events.DatabaseSchemaName}.mt_event_progression where name = ?), "
            + $"'Named', (select count(*) from {schema.Schema.For<PersonalDataKey>()} where id = any(?)))",
            cancellation, $"{BoardStorage.ProjectionName}:All", kept?.Entries.Select(e => e.Entry.VolunteerId).ToArray() ?? []);
        return (state[0].Progress, state[0].Named);
    }

    private sealed record State(long? Progress, int Named);

    /// <param name="Named">How many of its lines had a name (a volunteer with a profile and a data key).</param>
    private sealed record Page(long Progress, int Named, IReadOnlyList<(BoardEntry Entry, BoardLine Line)> Entries);
}
