using Npgsql;
using TimeBank.Api.Infrastructure;
using TimeBank.LocalDatabase;

namespace TimeBank.Api.Hosting;

/// <summary>
/// Where the ledger lives: a connection string from configuration or the environment (<c>ConnectionStrings__Marten</c>)
/// always wins; otherwise a PostgreSQL cluster local to this checkout, started on demand.
/// </summary>
public static class DatabaseConnection
{
    public const string Name = "Marten";

    /// <summary>The console log of start-up and of the operator's commands, before the host's own logging exists.</summary>
    public static ILoggerFactory StartupLogging(IConfiguration configuration) =>
        LoggerFactory.Create(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddSimpleConsole());

    /// <param name="logger">The log of starting the local cluster, made only when it is started.</param>
    public static async Task<string> ResolveAsync(IConfiguration configuration, string contentRoot, Func<ILogger> logger, CancellationToken cancellation = default)
    {
        var configured = configuration.GetConnectionString(Name);
        var connectionString = configured is { Length: > 0 } ? configured : await StartLocalClusterAsync(contentRoot, logger, cancellation);
        await CheckReachableAsync(connectionString, fromConfiguration: configured is { Length: > 0 }, cancellation);
        return connectionString;
    }

    private static async Task<string> StartLocalClusterAsync(string contentRoot, Func<ILogger> logger, CancellationToken cancellation)
    {
        string root;
        try
        {
            root = LocalPostgres.FindProjectRoot(contentRoot);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or InvalidOperationException or LocalPostgresException)
        {
            throw new StartupProblem(
                "No database is configured. Set the connection string ConnectionStrings:Marten (environment variable ConnectionStrings__Marten) to your PostgreSQL server.", e);
        }

        var log = logger();
        log.LogInformation("No connection string configured: using the project-local PostgreSQL cluster");
        return await new LocalPostgres(new LocalPostgresOptions(root), log).EnsureRunningAsync(cancellation);
    }

    private static async Task CheckReachableAsync(string connectionString, bool fromConfiguration, CancellationToken cancellation)
    {
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new StartupProblem($"The connection string ConnectionStrings:Marten is not valid: {e.Message}", e);
        }

        try
        {
            // Only "can we log in": no pool kept and no type catalogue loaded (the store's own data source loads it). On a
            // restart that query was a noticeable part of the time before the host even began to start.
            var probe = new NpgsqlDataSourceBuilder(connectionString);
            probe.ConnectionStringBuilder.Pooling = false;
            probe.ConfigureTypeLoading(types => types.EnableTypeLoading(false));
            await using var dataSource = probe.Build();
            await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            var where = $"{parsed.Host}:{parsed.Port}/{parsed.Database} as {parsed.Username}";
            var hint = fromConfiguration
                ? "Check ConnectionStrings:Marten (host, port, database, user, password) and that the server is running."
                : "Delete the folder .local/pg to start a fresh local cluster.";
            throw new StartupProblem($"Cannot connect to PostgreSQL at {where}: {e.Message}. {hint}", e);
        }
    }
}
