using Marten;
using Marten.Storage;
using Npgsql;
using SessionOptions = Marten.Services.SessionOptions;

namespace TimeBank.Api.Infrastructure;

/// <summary>
/// The query sessions of requests read through a pool of their own that does not reset a connection when it is returned:
/// Npgsql's reset (seven statements, from <c>RESET ALL</c> to <c>DISCARD TEMP</c>) was more than half of PostgreSQL's work
/// for a balance read. Reads leave nothing on a connection to reset: they take no advisory lock, listen to nothing and
/// create no temporary table. The writers' pool, where Wolverine and Marten take session-level advisory locks, keeps
/// resetting (ADR 0014, ADR 0021). Message handlers get their sessions from Wolverine, on the writers' pool, as before.
/// A read that would leave state on its connection (Marten's <c>Include</c> makes a temporary table; <c>SET</c>; an
/// advisory lock) must not run on this pool.
/// </summary>
public sealed class LedgerReads : IAsyncDisposable
{
    /// <summary>At most this many reading connections: PostgreSQL's default limit is 100 in all, shared with the writers.</summary>
    public const int MaxConnections = 32;

    /// <summary>How the reading connections show in <c>pg_stat_activity</c>.</summary>
    public const string ApplicationName = "TimeBank reads";

    /// <summary>At most this many connections for "my rank" (<see cref="BoardSession"/>), besides <see cref="MaxConnections"/>.</summary>
    public const int MaxBoardConnections = 16;

    /// <summary>How the boards' reading connections show in <c>pg_stat_activity</c>.</summary>
    public const string BoardApplicationName = "TimeBank board reads";

    private readonly IDocumentStore _store;
    private readonly NpgsqlDataSource _pool;
    private readonly MartenDatabase _database;
    private readonly NpgsqlDataSource _boardPool;
    private readonly MartenDatabase _boardDatabase;

    public LedgerReads(IDocumentStore store, string connectionString)
    {
        _store = store;
        (_pool, _database) = Open(store, connectionString, MaxConnections, ApplicationName, null, "reads");
        (_boardPool, _boardDatabase) = Open(store, connectionString, MaxBoardConnections, BoardApplicationName, "-c plan_cache_mode=force_generic_plan", "board reads");
    }

    public IQuerySession QuerySession() => _store.QuerySession(SessionOptions.ForDatabase(_database));

    /// <summary>
    /// A query session for "my rank" (<c>myStanding</c>), on connections whose prepared statements always use
    /// their generic plan (<c>plan_cache_mode = force_generic_plan</c>). Left to itself, PostgreSQL plans such a statement
    /// for its parameters every time it judges the generic plan no cheaper, and planning "my rank" (a CTE of index ranges
    /// and histogram sums) cost 0.5–0.7 ms against 0.2–0.3 ms executing it; its plan is the same for every board of a
    /// level, so nothing is lost by planning it once per connection (docs/benchmarks.md, issue 18). The caller disposes it.
    /// </summary>
    public IQuerySession BoardSession() => _store.QuerySession(SessionOptions.ForDatabase(_boardDatabase));

    public async ValueTask DisposeAsync()
    {
        _database.Dispose();
        _boardDatabase.Dispose();
        await _pool.DisposeAsync();
        await _boardPool.DisposeAsync();
    }

    private static (NpgsqlDataSource Pool, MartenDatabase Database) Open(
        IDocumentStore store, string connectionString, int maxConnections, string applicationName, string? options, string identifier)
    {
        var builder = new NpgsqlConnectionStringBuilder(LedgerStore.WithPreparedStatements(connectionString))
        {
            NoResetOnClose = true,
            MaxPoolSize = maxConnections,
            ApplicationName = applicationName,
        };
        if (options is not null)
        {
            builder.Options = string.IsNullOrEmpty(builder.Options) ? options : $"{builder.Options} {options}";
        }

        var pool = NpgsqlDataSource.Create(builder.ConnectionString);
        var database = new MartenDatabase(((DocumentStore)store).Options, pool, identifier);

        // The same database the store brings up to date before the service answers anything (ApplyAllDatabaseChangesOnStartup):
        // no schema check per document type on the first read of each.
        database.MarkAllFeaturesAsChecked();
        return (pool, database);
    }
}
