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
    private readonly NpgsqlDataSource[] _pools;
    private readonly MartenDatabase? _database;
    private readonly Dictionary<string, MartenDatabase> _districts = new(StringComparer.Ordinal);

    public LedgerReads(IDocumentStore store, string connectionString)
        : this(store, connectionString, Districts.DistrictSettings.None)
    {
    }

    /// <summary>In districts mode, a pool per district and no untenanted database (docs/adr/0047-a-database-per-district.md).</summary>
    public LedgerReads(IDocumentStore store, string connectionString, Districts.DistrictSettings districts)
    {
        ArgumentNullException.ThrowIfNull(districts);
        _store = store;
        if (!districts.IsOn)
        {
            var pool = Pool(connectionString, MaxConnections);
            _pools = [pool];
            _database = Database(pool, "reads");
            return;
        }

        // The same budget, shared among the districts.
        var perDistrict = Math.Max(4, MaxConnections / districts.Ids.Count);
        _pools = [.. districts.Ids.Select(id => Pool(districts.ConnectionStringOf(id), perDistrict))];
        foreach (var (id, pool) in districts.Ids.Zip(_pools))
        {
            _districts[id] = Database(pool, $"reads-{id}");
        }
    }

    private static NpgsqlDataSource Pool(string connectionString, int maxConnections) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(LedgerStore.WithPreparedStatements(connectionString))
        {
            NoResetOnClose = true,
            MaxPoolSize = maxConnections,
            ApplicationName = ApplicationName,
        }.ConnectionString);

    private MartenDatabase Database(NpgsqlDataSource pool, string identifier)
    {
        var database = new MartenDatabase(((DocumentStore)_store).Options, pool, identifier);

        // The same database the store brings up to date before the service answers anything (ApplyAllDatabaseChangesOnStartup):
        // no schema check per document type on the first read of each.
        database.MarkAllFeaturesAsChecked();
        return database;
    }

    /// <summary>A query session of the single database (districts mode: of <paramref name="district"/>, which must be configured).</summary>
    public IQuerySession QuerySession(string? district = null)
    {
        if (_database is not null)
        {
            return _store.QuerySession(SessionOptions.ForDatabase(_database));
        }

        var database = district is not null && _districts.TryGetValue(district, out var found)
            ? found
            : throw new ArgumentOutOfRangeException(nameof(district), district, "Not a configured district.");
        var options = SessionOptions.ForDatabase(database);
        options.TenantId = district;
        return _store.QuerySession(options);
    }

    public async ValueTask DisposeAsync()
    {
        _database?.Dispose();
        foreach (var database in _districts.Values)
        {
            database.Dispose();
        }

        foreach (var pool in _pools)
        {
            await pool.DisposeAsync();
        }
    }
}
