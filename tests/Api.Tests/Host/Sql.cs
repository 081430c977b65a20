using Npgsql;

namespace TimeBank.Api.Tests.Host;

/// <summary>One statement on a connection of its own, for tests that look at the database behind the service.</summary>
internal static class Sql
{
    /// <summary>The first column of the first row; the type's default for SQL NULL or no row.</summary>
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default! : (T)value;
    }
}
