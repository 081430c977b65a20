using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using TimeBank.Api.Auth;
using TimeBank.LocalDatabase;
using TimeBank.Api.PersonalData;

namespace TimeBank.TestSupport;

/// <summary>How to start the API as a child process. Keep one instance to restart the service on the same database.</summary>
/// <param name="ConnectionString">The database the service uses (<c>ConnectionStrings__Marten</c>).</param>
public sealed record ApiProcessOptions(string ConnectionString)
{
    /// <summary>Signs the tokens the callers present (<c>Secrets__token-signing-key</c>).</summary>
    public byte[] TokenSigningKey { get; init; } = RandomNumberGenerator.GetBytes(TokenIssuer.SigningKeyBytes);

    /// <summary>Wraps the personal-data keys (<c>Secrets__personal-data-master-key</c>); the same across restarts.</summary>
    public byte[] PersonalDataMasterKey { get; init; } = RandomNumberGenerator.GetBytes(PersonalDataCipher.KeySize);

    /// <summary>The loopback port to serve on; a free one by default, kept across restarts.</summary>
    public int Port { get; init; } = FreeLoopbackPort();

    /// <summary>The log level of the service (its logs are kept in <see cref="ApiProcess.OutputTail"/>).</summary>
    public string LogLevel { get; init; } = "Warning";

    /// <summary>
    /// The service to run: the build output of this checkout (<see cref="ApiProcess.ApiAssemblyPath"/>) by default; the
    /// benchmark runs a ReadyToRun publish of it instead, as an operator would deploy it.
    /// </summary>
    public string? AssemblyPath { get; init; }

    /// <summary>Further configuration, as environment variables (<c>Section__Key</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Mints tokens the service accepts.</summary>
    public TokenIssuer Tokens => new(AuthSettings.LocalIssuer, AuthSettings.DefaultAudience, TokenSigningKey, TimeProvider.System);

    public Uri BaseAddress => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// The API as a real separate process (<c>dotnet TimeBank.Api.dll</c>, built in the caller's configuration), on
/// 127.0.0.1: its memory and start-up are its own, and it can be killed like a real one. Used by the benchmark and the
/// fault tests.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private const int OutputLines = 300;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(300);

    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly Lock _outputLock = new();

    private ApiProcess(Process process, ApiProcessOptions options)
    {
        _process = process;
        Pid = process.Id;
        Options = options;
    }

    public ApiProcessOptions Options { get; }

    public int Pid { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>From process start to the first 200 on <c>/health/ready</c>.</summary>
    public TimeSpan ReadyAfter { get; private set; }

    /// <summary>From process start to the first answered GraphQL request.</summary>
    public TimeSpan FirstGraphQLAnswerAfter { get; private set; }

    /// <summary>The last lines the service wrote (standard output and error), for a failure message.</summary>
    public string OutputTail
    {
        get
        {
            lock (_outputLock)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>The built service: src/Api/bin/&lt;configuration&gt;/&lt;framework&gt;/TimeBank.Api.dll of this checkout.</summary>
    public static string ApiAssemblyPath()
    {
        var configuration = typeof(ApiProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var root = LocalPostgres.FindProjectRoot(AppContext.BaseDirectory);
        var path = Path.Combine(root, "src", "Api", "bin", configuration, framework, "TimeBank.Api.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The API is not built at {path}: build the solution in {configuration} first.", path);
    }

    /// <summary>Starts the service and waits until it is ready and has answered a GraphQL request.</summary>
    public static async Task<ApiProcess> StartAsync(ApiProcessOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var assembly = options.AssemblyPath ?? ApiAssemblyPath();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{options.Port.ToString(CultureInfo.InvariantCulture)}",
            ["ConnectionStrings__Marten"] = options.ConnectionString,
            ["TimeBank__SeedDemoData"] = "false",
            [$"Secrets__{TokenIssuer.SigningKeyName}"] = Convert.ToBase64String(options.TokenSigningKey),
            [$"Secrets__{PersonalDataCipher.MasterKeySecretName}"] = Convert.ToBase64String(options.PersonalDataMasterKey),
            ["Logging__LogLevel__Default"] = options.LogLevel,
        };
        foreach (var (key, value) in options.Environment)
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var api = new ApiProcess(process, options);
        process.OutputDataReceived += (_, e) => api.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => api.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        try
        {
            await api.WaitUntilAnsweringAsync(clock, cancellation);
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }

        return api;
    }

    private async Task WaitUntilAnsweringAsync(Stopwatch clock, CancellationToken cancellation)
    {
        using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = Options.BaseAddress,
            Timeout = TimeSpan.FromSeconds(10),
        };
        ReadyAfter = await PollAsync(clock, cancellation, async () =>
        {
            using var response = await client.GetAsync(new Uri("health/ready", UriKind.Relative), cancellation);
            return response.StatusCode == HttpStatusCode.OK;
        });
        FirstGraphQLAnswerAfter = await PollAsync(clock, cancellation, async () =>
        {
            using var content = new StringContent("""{"query":"{ __typename }"}""", Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(new Uri("graphql", UriKind.Relative), content, cancellation);
            return response.StatusCode == HttpStatusCode.OK
                && (await response.Content.ReadAsStringAsync(cancellation)).Contains("\"data\"", StringComparison.Ordinal);
        });
    }

    private async Task<TimeSpan> PollAsync(Stopwatch clock, CancellationToken cancellation, Func<Task<bool>> answered)
    {
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The API exited with code {_process.ExitCode} before it answered:\n{OutputTail}");
            }

            try
            {
                if (await answered())
                {
                    return clock.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
            {
                // Listening, but not answering yet.
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"The API did not answer within {StartTimeout.TotalSeconds:0} s:\n{OutputTail}");
            }

            await Task.Delay(5, cancellation);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.Enqueue(line);
            while (_output.Count > OutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    /// <summary>The process's memory now: resident set and its peak (VmRSS, VmHWM in /proc/&lt;pid&gt;/status).</summary>
    public ProcessMemory Memory() => ProcessMemory.Of(Pid);

    /// <summary>kill -9: no shutdown, no flush, as a crash or an OOM kill would end it.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false); // SIGKILL on Linux
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>A graceful stop (SIGTERM), then kill -9 if it takes more than 30 seconds.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            await term!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }
}

/// <summary>A process's resident memory, in bytes.</summary>
public sealed record ProcessMemory(long ResidentBytes, long PeakResidentBytes)
{
    public static ProcessMemory Of(int pid)
    {
        long Field(string[] lines, string name)
        {
            var line = lines.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"/proc/{pid}/status has no {name}.");
            var kilobytes = line[(name.Length + 1)..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
        }

        var status = File.ReadAllLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status");
        return new ProcessMemory(Field(status, "VmRSS"), Field(status, "VmHWM"));
    }

    public static string Megabytes(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}
