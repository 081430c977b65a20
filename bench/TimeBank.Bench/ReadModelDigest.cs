using Npgsql;

namespace TimeBank.Bench;

/// <summary>
/// Every document table of the ledger, summed to a row count and an order-independent hash of its rows (id and JSON):
/// two digests are equal when the tables hold the same documents, whatever order they were written in.
/// </summary>
public sealed record ReadModelDigest(IReadOnlyDictionary<string, string> Tables, long Documents)
{
    public static async Task<ReadModelDigest> TakeAsync(string connectionString, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'timebank' AND table_name LIKE 'mt_doc_%' ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var digests = new SortedDictionary<string, string>(StringComparer.Ordinal);
        long documents = 0;
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT count(*), coalesce(sum(('x' || left(md5(id::text || ' ' || data::text), 16))::bit(64)::bigint::numeric), 0)::text FROM timebank.{table}",
                connection) { CommandTimeout = 600 };
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            await reader.ReadAsync(cancellation);
            var count = reader.GetInt64(0);
            documents += count;
            digests[table] = $"{count} rows, hash {reader.GetString(1)}";
        }

        return new ReadModelDigest(digests, documents);
    }
}
