using Marten;
using Marten.Schema;
using Npgsql;
using NpgsqlTypes;
using TimeBank.Projections;

namespace TimeBank.Api.Infrastructure;

/// <summary>
/// The read models' tables as a rebuild part reads and writes them, on the part's connection and in its transaction
/// (ADR 0049). A part's documents are written by <c>COPY</c> into a staging table and one <c>INSERT … SELECT</c> that
/// fills the duplicated columns from the JSON with Marten's own expressions, so every row is written once and every
/// index entry made once; a later part first deletes the stored rows it replaces.
/// </summary>
internal sealed class StoredDocuments(DocumentStore store, NpgsqlConnection connection) : IStoredDocuments
{
    private readonly Dictionary<Type, Table> tables = [];

    public async Task<IReadOnlyDictionary<object, FoldedDocument>> LoadAsync(Type documentType, IReadOnlyCollection<object> ids, CancellationToken cancellation)
    {
        var table = await TableAsync(documentType, cancellation);
        var serializer = store.Options.Serializer();
        await using var command = new NpgsqlCommand($"SELECT id, data, mt_version FROM {table.Name} WHERE id = ANY(@ids)", connection);
        command.Parameters.Add(table.Ids(ids));
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var found = new Dictionary<object, FoldedDocument>();
        while (await reader.ReadAsync(cancellation))
        {
            var id = reader.GetValue(0);
            found[id] = new FoldedDocument(id, serializer.FromJson(documentType, reader, 1), table.GuidVersions ? null : reader.GetInt64(2));
        }

        return found;
    }

    /// <summary>
    /// Writes a part's documents of one type, and removes those it deleted. <paramref name="intoEmpty"/>: the table was
    /// emptied in this transaction, so nothing stored is replaced. Returns the documents written.
    /// </summary>
    public async Task<int> WriteAsync(Type documentType, IReadOnlyList<FoldedDocument> documents, IReadOnlyList<object> deleted, bool intoEmpty, CancellationToken cancellation)
    {
        var table = await TableAsync(documentType, cancellation);
        if (!intoEmpty && documents.Count + deleted.Count > 0)
        {
            await using var delete = new NpgsqlCommand($"DELETE FROM {table.Name} WHERE id = ANY(@ids)", connection);
            delete.Parameters.Add(table.Ids([.. documents.Select(d => d.Id), .. deleted]));
            await delete.ExecuteNonQueryAsync(cancellation);
        }

        if (documents.Count == 0)
        {
            return 0;
        }

        var written = $"id, data, mt_version, mt_dotnet_type";
        var target = table.Name;
        if (table.Duplicated.Count > 0)
        {
            target = "pg_temp.read_model_part";
            await ProjectionRebuild.ExecuteAsync(connection,
                $"CREATE TEMP TABLE read_model_part ON COMMIT DROP AS SELECT {written} FROM {table.Name} WITH NO DATA", cancellation);
        }

        var serializer = store.Options.Serializer();
        var dotnetType = documentType.FullName!;
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY {target} ({written}) FROM STDIN (FORMAT BINARY)", cancellation))
        {
            foreach (var document in documents)
            {
                await copy.StartRowAsync(cancellation);
                await copy.WriteAsync(document.Id, table.IdType, cancellation);
                await copy.WriteAsync(serializer.ToJson(document.Document), NpgsqlDbType.Jsonb, cancellation);
                if (table.GuidVersions)
                {
                    await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, cancellation);
                }
                else
                {
                    await copy.WriteAsync(document.Version ?? 0, NpgsqlDbType.Bigint, cancellation);
                }

                await copy.WriteAsync(dotnetType, NpgsqlDbType.Varchar, cancellation);
            }

            await copy.CompleteAsync(cancellation);
        }

        if (table.Duplicated.Count > 0)
        {
            // Duplicated fields (the service record's schedule, ADR 0026; the boards' columns, ADR 0038) are filled from the
            // copied JSON by the expressions Marten uses when it adds such a column to a table that has rows.
            await ProjectionRebuild.ExecuteAsync(connection, $"""
                INSERT INTO {table.Name} ({written}, {string.Join(", ", table.Duplicated.Select(d => $"\"{d.Column}\""))})
                SELECT {written}, {string.Join(", ", table.Duplicated.Select(d => d.Expression))} FROM {target};
                DROP TABLE {target}
                """, cancellation);
        }

        return documents.Count;
    }

    private async Task<Table> TableAsync(Type documentType, CancellationToken cancellation)
    {
        if (tables.TryGetValue(documentType, out var known))
        {
            return known;
        }

        var mapping = ((IReadOnlyStoreOptions)store.Options).FindOrResolveDocumentType(documentType);
        var name = mapping.TableName;
        var columns = await ColumnsAsync(name.Schema, name.Name, cancellation);
        var duplicated = mapping.DuplicatedFields.Select(field => Duplicate(field.ColumnName, field.UpdateSqlFragment(), name.QualifiedName)).ToList();
        string[] written = ["id", "data", "mt_version", "mt_dotnet_type"];
        if (columns.Keys.Except([.. written, "mt_last_modified", .. duplicated.Select(f => f.Column)]).ToList() is { Count: > 0 } unknown)
        {
            throw new InvalidOperationException(
                $"The rebuild does not know how to fill {string.Join(", ", unknown)} of {name.QualifiedName}; ADR 0020 says what it writes.");
        }

        var table = new Table(name.QualifiedName, columns["id"] == "uuid" ? NpgsqlDbType.Uuid : NpgsqlDbType.Text, columns["mt_version"] == "uuid", duplicated);
        tables[documentType] = table;
        return table;
    }

    /// <summary>The column and its expression over <c>data</c>, from Marten's <c>column = expression</c> update fragment.</summary>
    private static (string Column, string Expression) Duplicate(string column, string update, string table)
    {
        // Marten writes '"column" = expression' (quoted) or 'column = expression'.
        var prefix = new[] { $"\"{column}\" = ", $"{column} = " }.FirstOrDefault(p => update.StartsWith(p, StringComparison.Ordinal));
        return prefix is not null
            ? (column, update[prefix.Length..])
            : throw new InvalidOperationException($"The rebuild cannot read how Marten fills {column} of {table}: '{update}'.");
    }

    private async Task<Dictionary<string, string>> ColumnsAsync(string schema, string table, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = @schema AND table_name = @table", connection);
        command.Parameters.AddWithValue("schema", schema);
        command.Parameters.AddWithValue("table", table);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var columns = new Dictionary<string, string>();
        while (await reader.ReadAsync(cancellation))
        {
            columns[reader.GetString(0)] = reader.GetString(1);
        }

        return columns;
    }

    private sealed record Table(string Name, NpgsqlDbType IdType, bool GuidVersions, IReadOnlyList<(string Column, string Expression)> Duplicated)
    {
        /// <summary>The ids as one array parameter of the id column's type.</summary>
        public NpgsqlParameter Ids(IEnumerable<object> ids) => IdType == NpgsqlDbType.Uuid
            ? new NpgsqlParameter<Guid[]>("ids", [.. ids.Cast<Guid>()])
            : new NpgsqlParameter<string[]>("ids", [.. ids.Select(id => (string)id)]);
    }
}
