using Npgsql;
using TimeBank.Api.Infrastructure;

namespace TimeBank.Bench;

/// <summary>
/// A generated city kept between runs of the city scenario (<c>--city-keep</c>): the database <see cref="Database"/> on
/// the project's cluster, which the benchmark's own start does not drop. A row of its table <c>bench_city</c> says the city
/// in it was generated and rebuilt to the end, for which size and for which end of its history; a later run asking for
/// the same size takes it as it is (<see cref="GeneratedFor"/>), and any other state (another size, a run stopped before
/// the end, a rebuild stopped part-way) is dropped and generated again. At the full city that saves the generation and
/// the rebuild, most of an hour, when only the loads are to be measured again.
/// </summary>
/// <param name="GeneratedFor">The end of the kept history when it can be taken as it is; null: generate the city here.</param>
public sealed record KeptCity(string ConnectionString, DateTimeOffset? GeneratedFor)
{
    public const string Database = "timebank_bench_city";

    public static async Task<KeptCity> OpenAsync(string benchConnectionString, CityShape shape, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var connectionString = new NpgsqlConnectionStringBuilder(benchConnectionString) { Database = Database }.ConnectionString;
        await using (var bench = new NpgsqlConnection(benchConnectionString))
        {
            await bench.OpenAsync(cancellation);
            if (await ScalarAsync(bench, $"SELECT count(*) FROM pg_database WHERE datname = '{Database}'", cancellation) == 1
                && await GeneratedForAsync(connectionString, shape, cancellation) is { } generatedFor)
            {
                return new KeptCity(connectionString, generatedFor);
            }

            await ExecuteAsync(bench, $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", cancellation);
            await ExecuteAsync(bench, $"CREATE DATABASE {Database}", cancellation);
        }

        Console.WriteLine($"  --city-keep: the city is generated into {Database} and kept there for the next run of this size");
        return new KeptCity(connectionString, null);
    }

    /// <summary>Says the database holds a whole city of this shape, generated and rebuilt to the end.</summary>
    public async Task MarkCompleteAsync(CityShape shape, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(shape);
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand("""
            CREATE TABLE IF NOT EXISTS public.bench_city (id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1), volunteers integer NOT NULL, communities integer NOT NULL, generated_for timestamptz NOT NULL);
            INSERT INTO public.bench_city (volunteers, communities, generated_for) VALUES (@volunteers, @communities, @generatedFor)
            ON CONFLICT (id) DO UPDATE SET volunteers = excluded.volunteers, communities = excluded.communities, generated_for = excluded.generated_for
            """, connection);
        command.Parameters.AddWithValue("volunteers", shape.Volunteers);
        command.Parameters.AddWithValue("communities", shape.Communities);
        command.Parameters.AddWithValue("generatedFor", shape.Now.UtcDateTime);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>The end of the kept city's history when it is whole and of this size; null otherwise.</summary>
    private static async Task<DateTimeOffset?> GeneratedForAsync(string connectionString, CityShape shape, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        if (await ScalarAsync(connection, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'bench_city'", cancellation) == 0
            || await ProjectionRebuild.UnfinishedAsync(connection, "timebank", cancellation) is not null)
        {
            return null;
        }

        await using var command = new NpgsqlCommand("SELECT generated_for FROM public.bench_city WHERE volunteers = @volunteers AND communities = @communities", connection);
        command.Parameters.AddWithValue("volunteers", shape.Volunteers);
        command.Parameters.AddWithValue("communities", shape.Communities);
        return await command.ExecuteScalarAsync(cancellation) is DateTime at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellation), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellation);
    }
}
