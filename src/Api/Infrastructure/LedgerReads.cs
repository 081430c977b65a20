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
/// advisory lock) must not run on this pool. In districts mode, each district has its pools, the budget shared among
/// them, and there is no untenanted database (docs/adr/0047-a-database-per-district.md).
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
    private readonly List<NpgsqlDataSource> _pools = [];
    private readonly List<MartenDatabase> _databases = [];
    private readonly Reading? _single;
    private readonly Dictionary<string, Reading> _districts = new(StringComparer.Ordinal);

    /// <summary>One database's two ways of reading: requests, and "my rank" on generic plans.</summary>
    private sealed record Reading(MartenDatabase Reads, MartenDatabase Boards);

    public LedgerReads(IDocumentStore store, string connectionString)
        : this(store, connectionString, Districts.DistrictSettings.None)
    {
    }

    public LedgerReads(IDocumentStore store, string connectionString, Districts.DistrictSettings districts)
    {
        ArgumentNullException.ThrowIfNull(districts);
        _store = store;
        if (!districts.IsOn)
        {
            _single = Open(connectionString, MaxConnections, MaxBoardConnections, "reads");
            return;
        }

        // The same budget, shared among the districts.
        var reads = Math.Max(4, MaxConnections / districts.Ids.Count);
        var boards = Math.Max(2, MaxBoardConnections / districts.Ids.Count);
        foreach (var id in districts.Ids)
        {
            _districts[id] = Open(districts.ConnectionStringOf(id), reads, boards, $"reads-{id}");
        }
    }

    /// <summary>A query session of the single database (districts mode: of <paramref name="district"/>, which must be configured).</summary>
    public IQuerySession QuerySession(string? district = null) => Session(district, reading => reading.Reads);

    /// <summary>
    /// A query session for "my rank" (<c>myStanding</c>), on connections whose prepared statements always use
    /// their generic plan (<c>plan_cache_mode = force_generic_plan</c>). Left to itself, PostgreSQL plans such a statement
    /// for its parameters every time it judges the generic plan no cheaper, and planning "my rank" (a CTE of index ranges
    /// and histogram sums) cost 0.5–0.7 ms against 0.2–0.3 ms executing it; its plan is the same for every board of a
    /// level, so nothing is lost by planning it once per connection (docs/benchmarks.md, issue 18). Their JIT is off: at the
    /// full city (a million board entries) the generic plan's estimated cost passed <c>jit_above_cost</c>, and PostgreSQL
    /// compiled it on every execution, ~44 ms of a 60 ms request whose execution takes under 1 ms. The caller disposes it.
    /// </summary>
    public IQuerySession BoardSession(string? district = null) => Session(district, reading => reading.Boards);

    /// <summary>Closes every idle reading connection (<see cref="ConnectionPools"/>).</summary>
    public void ClearPools()
    {
        foreach (var pool in _pools)
        {
            pool.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases)
        {
            database.Dispose();
        }

        foreach (var pool in _pools)
        {
            await pool.DisposeAsync();
        }
    }

    private IQuerySession Session(string? district, Func<Reading, MartenDatabase> which)
    {
        if (_single is not null)
        {
            return _store.QuerySession(SessionOptions.ForDatabase(which(_single)));
        }

        var reading = district is not null && _districts.TryGetValue(district, out var found)
            ? found
            : throw new ArgumentOutOfRangeException(nameof(district), district, "Not a configured district.");
        var options = SessionOptions.ForDatabase(which(reading));
        options.TenantId = district;
        return _store.QuerySession(options);
    }

    private Reading Open(string connectionString, int reads, int boards, string identifier) => new(
        Open(connectionString, reads, ApplicationName, null, identifier),
        Open(connectionString, boards, BoardApplicationName, "-c plan_cache_mode=force_generic_plan -c jit=off", $"board {identifier}"));

    private MartenDatabase Open(string connectionString, int maxConnections, string applicationName, string? options, string identifier)
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
        var database = new MartenDatabase(((DocumentStore)_store).Options, pool, identifier);
        _pools.Add(pool);
        _databases.Add(database);

        // The same database the store brings up to date before the service answers anything (ApplyAllDatabaseChangesOnStartup):
        // no schema check per document type on the first read of each.
        database.MarkAllFeaturesAsChecked();
        return database;
    }
}
