using Marten;
using Marten.Storage;
using Npgsql;
using TimeBank.Api.Infrastructure;
using SessionOptions = Marten.Services.SessionOptions;

namespace TimeBank.Api.Hosting;

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

    private readonly IDocumentStore _store;
    private readonly NpgsqlDataSource _pool;
    private readonly MartenDatabase _database;

    public LedgerReads(IDocumentStore store, string connectionString)
    {
        _store = store;
        _pool = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(LedgerStore.WithPreparedStatements(connectionString))
        {
            NoResetOnClose = true,
            MaxPoolSize = MaxConnections,
            ApplicationName = ApplicationName,
        }.ConnectionString);
        _database = new MartenDatabase(((DocumentStore)store).Options, _pool, "reads");

        // The same database the store brings up to date before the service answers anything (ApplyAllDatabaseChangesOnStartup):
        // no schema check per document type on the first read of each.
        _database.MarkAllFeaturesAsChecked();
    }

    public IQuerySession QuerySession() => _store.QuerySession(SessionOptions.ForDatabase(_database));

    public async ValueTask DisposeAsync()
    {
        _database.Dispose();
        await _pool.DisposeAsync();
    }
}
