using Marten;
using Weasel.Postgresql;

namespace TimeBank.Api.Infrastructure;

/// <summary>
/// Every pool of connections the service keeps (the store's per database, the reading pools, the city's directory). A
/// database that restarted or crashed while the service ran killed every connection those pools kept idle, and Npgsql
/// does not test a connection before handing it out (npgsql/npgsql#2896): each of them failed one request in turn. The
/// first connection found dead (<see cref="DatabaseOutage.IsLostConnection"/>) clears them all, and the command it
/// failed runs once more (<c>ConflictRetry</c>) on a fresh one; the connections in use are closed when given back.
/// </summary>
public sealed class ConnectionPools(IDocumentStore store, LedgerReads reads, Districts.CityDirectory directory)
{
    public async Task ClearAsync()
    {
        foreach (var database in await store.Storage.AllDatabases())
        {
            (database as PostgresqlDatabase)?.DataSource.Clear();
        }

        reads.ClearPools();
        directory.ClearPool();
    }
}
