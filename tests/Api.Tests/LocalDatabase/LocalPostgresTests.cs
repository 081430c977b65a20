using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Npgsql;
using TimeBank.LocalDatabase;
using static TimeBank.Api.Tests.Host.Sql;

namespace TimeBank.Api.Tests.LocalDatabase;

/// <summary>
/// Each test gets its own cluster folder in the temp folder and its own preferred port, so neither the shared
/// .local/pg cluster nor other tests are disturbed. The clusters are stopped and deleted afterwards.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class LocalPostgresTests : IAsyncLifetime
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(15);

    private readonly string _projectRoot = LocalPostgres.FindProjectRoot(AppContext.BaseDirectory);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "timebank-pgtest-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly int _preferredPort = PickFreePort();
    private readonly List<LocalPostgres> _instances = [];

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public void A_dangling_link_is_no_program_so_the_search_for_the_binaries_goes_on()
    {
        var folder = Directory.CreateDirectory(_dataDirectory + "-bin").FullName;
        try
        {
            var dangling = Path.Combine(folder, "initdb");
            File.CreateSymbolicLink(dangling, Path.Combine(folder, "gone", "initdb"));
            var program = Path.Combine(folder, "pg_ctl");
            File.WriteAllText(program, "#!/bin/sh\n");
            File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var linked = Path.Combine(folder, "postgres");
            File.CreateSymbolicLink(linked, program);

            Assert.False(TimeBank.LocalDatabase.Commands.IsExecutable(dangling));
            Assert.False(TimeBank.LocalDatabase.Commands.IsExecutable(Path.Combine(folder, "absent")));
            Assert.True(TimeBank.LocalDatabase.Commands.IsExecutable(program));
            Assert.True(TimeBank.LocalDatabase.Commands.IsExecutable(linked));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            foreach (var instance in _instances)
            {
                await instance.StopAsync();
            }
        }
        finally
        {
            if (Directory.Exists(_dataDirectory))
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }

            File.Delete(_dataDirectory + ".lock");
        }
    }

    [Fact]
    public async Task Starts_a_new_cluster_and_accepts_connections()
    {
        var postgres = NewLocalPostgres();
        Assert.False(Directory.Exists(_dataDirectory));

        var connectionString = await postgres.EnsureRunningAsync();

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Assert.Equal("127.0.0.1", builder.Host);
        Assert.Equal(_preferredPort, builder.Port);
        Assert.Equal("timebank", builder.Database);
        Assert.Equal(1, await ScalarAsync<int>(connectionString, "SELECT 1"));
        Assert.Equal("timebank", await ScalarAsync<string>(connectionString, "SELECT current_database()"));
        Assert.Equal("lz4", await ScalarAsync<string>(connectionString, "SHOW default_toast_compression")); // ADR 0018
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite,
            File.GetUnixFileMode(Path.Combine(postgres.DataDirectory, LocalPostgres.PasswordFileName)));
    }

    [Fact]
    public async Task A_second_instance_reuses_the_running_cluster_and_its_data()
    {
        var first = await NewLocalPostgres().EnsureRunningAsync();
        await ExecuteAsync(first, "CREATE TABLE reuse_marker (id int); INSERT INTO reuse_marker VALUES (7)");
        var pidBefore = ReadPostmasterPid();

        var second = await NewLocalPostgres().EnsureRunningAsync();

        Assert.Equal(7, await ScalarAsync<int>(second, "SELECT id FROM reuse_marker"));
        Assert.Equal(pidBefore, ReadPostmasterPid());
    }

    [Fact]
    public async Task Restarts_after_the_server_was_killed_and_keeps_the_data()
    {
        var postgres = NewLocalPostgres();
        var before = await postgres.EnsureRunningAsync();
        await ExecuteAsync(before, "CREATE TABLE survivor (id int); INSERT INTO survivor VALUES (42)");
        NpgsqlConnection.ClearAllPools();
        var killedPid = ReadPostmasterPid();

        using (var postmaster = Process.GetProcessById(killedPid))
        {
            postmaster.Kill();
        }

        await PollUntilAsync(() => !IsAlive(killedPid), "the killed postmaster to disappear");
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "postmaster.pid")), "a killed postmaster leaves its pid file behind");

        var after = await postgres.EnsureRunningAsync();

        Assert.Equal(42, await ScalarAsync<int>(after, "SELECT id FROM survivor"));
        Assert.NotEqual(killedPid, ReadPostmasterPid());
    }

    [Fact]
    public async Task Hosts_starting_side_by_side_on_a_new_cluster_all_get_the_database()
    {
        // CI failed once when test hosts raced to create the database ("duplicate key ... pg_database_datname_index").
        await NewLocalPostgres().EnsureRunningAsync();
        for (var round = 0; round < 3; round++)
        {
            var database = "side_by_side_" + round;
            var hosts = Enumerable.Range(0, 16).Select(_ => NewLocalPostgres(database)).ToList();

            var connectionStrings = await Task.WhenAll(hosts.Select(host => Task.Run(() => host.EnsureRunningAsync())));

            foreach (var connectionString in connectionStrings)
            {
                Assert.Equal(database, await ScalarAsync<string>(connectionString, "SELECT current_database()"));
            }
        }
    }

    [Fact]
    public async Task Starts_on_another_port_when_the_preferred_one_is_taken()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, _preferredPort);
        squatter.Start();

        var connectionString = await NewLocalPostgres().EnsureRunningAsync();

        var port = new NpgsqlConnectionStringBuilder(connectionString).Port;
        Assert.NotEqual(_preferredPort, port);
        Assert.Equal(1, await ScalarAsync<int>(connectionString, "SELECT 1"));
        Assert.Equal(
            port.ToString(CultureInfo.InvariantCulture),
            File.ReadAllText(Path.Combine(_dataDirectory, LocalPostgres.PortFileName)).Trim());
    }

    [Fact]
    public async Task CreateDatabaseAsync_gives_an_isolated_empty_database()
    {
        var postgres = NewLocalPostgres();
        var main = await postgres.EnsureRunningAsync();
        await ExecuteAsync(main, "CREATE TABLE only_in_main (id int)");

        var isolated = await postgres.CreateDatabaseAsync("isolated_test");
        Assert.Equal("isolated_test", await ScalarAsync<string>(isolated, "SELECT current_database()"));
        Assert.Equal(0L, await CountPublicTablesAsync(isolated));

        await ExecuteAsync(isolated, "CREATE TABLE leftover (id int)");
        NpgsqlConnection.ClearAllPools();
        var recreated = await postgres.CreateDatabaseAsync("isolated_test");

        Assert.Equal(0L, await CountPublicTablesAsync(recreated));
        Assert.Equal(1L, await CountPublicTablesAsync(main));
    }

    private LocalPostgres NewLocalPostgres(string database = "timebank")
    {
        var postgres = new LocalPostgres(new LocalPostgresOptions(_projectRoot)
        {
            DataDirectory = _dataDirectory,
            PreferredPort = _preferredPort,
            Database = database,
        });
        _instances.Add(postgres);
        Assert.Equal(_dataDirectory, postgres.DataDirectory);
        return postgres;
    }

    private static int PickFreePort()
    {
        while (true)
        {
            var port = 55500 + Random.Shared.Next(0, 400);
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }
    }

    private int ReadPostmasterPid() =>
        int.Parse(File.ReadLines(Path.Combine(_dataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    /// <summary>Alive and not a zombie: nobody may reap a killed daemon in a container.</summary>
    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task PollUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + PollTimeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }

    private static async Task<long> CountPublicTablesAsync(string connectionString) =>
        await ScalarAsync<long>(connectionString, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'");

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
