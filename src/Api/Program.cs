using JasperFx;
using TimeBank.Api.Auth;
using TimeBank.Api.Hosting;
using TimeBank.Api.Infrastructure;
using TimeBank.LocalDatabase;

// `--help` and `-h` are how people ask for help; JasperFx's runner knows `help` (any other first flag is run's).
if (args is ["--help" or "-h" or "-?"])
{
    args = ["help"];
}

try
{
    if (args is [LocalDbCommandLine.Name, "stop"])
    {
        await LocalDbCommandLine.StopAsync();
        return 0;
    }

    if (args is [TokenCommand.Name, .. var tokenArgs])
    {
        // Before the host: minting a token needs the configuration and the local key, not the database. Only the
        // token goes to standard output, so that TOKEN=$(dotnet run --project src/Api -- token staff) works.
        var setup = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        return TokenCommand.Run(tokenArgs, setup.Configuration, setup.Environment.ContentRootPath, TimeProvider.System,
            Console.Out, Console.Error);
    }

    if (args is [TimeBank.Api.Certificates.Bulk.IssueCertificatesCommand.Name, .. var issueArgs])
    {
        // A client of the running service: no host of its own.
        return await TimeBank.Api.Certificates.Bulk.IssueCertificatesCommand.RunAsync(issueArgs, client: null, Spectre.Console.AnsiConsole.Console, CancellationToken.None);
    }

    if (args is [RebuildReadModelsCommand.Name, .. var rebuildArgs])
    {
        var setup = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        using var loggers = DatabaseConnection.StartupLogging(setup.Configuration);
        return await RebuildReadModelsCommand.RunAsync(setup.Configuration, setup.Environment.ContentRootPath,
            loggers.CreateLogger(RebuildReadModelsCommand.Name), Console.Out, CancellationToken.None, rebuildArgs);
    }

    // The demo city in districts mode: `--districts north,south` is the setting Demo:Districts, and the service is served.
    var serving = args.Length == 0;
    if (args is [TimeBank.Api.Demo.DemoDistricts.Option, var districtIds])
    {
        args = [$"--{TimeBank.Api.Demo.DemoDistricts.SettingName}={districtIds}"];
        serving = true;
    }

    var builder = WebApplication.CreateBuilder(args);
    await builder.AddTimeBankAsync(rebuildingProjections: args is ["projections", ..]);
    var app = builder.Build();
    app.MapTimeBank();
    if (serving)
    {
        // Serving is the common case: start the host straight away. JasperFx's command runner would first scan every
        // referenced assembly for commands (~0.2–0.5 s of a cold start); it is only needed for a command such as
        // `codegen write` or `db-apply`. (docs/adr/0017-cold-start-and-memory.md)
        await app.RunAsync();
        return 0;
    }

    return await app.RunJasperFxCommands(args);
}
catch (Exception e) when (e is StartupProblem or LocalPostgresException)
{
    // One clear message for the person starting the service; the details are in the logs above.
    Console.Error.WriteLine($"TimeBank cannot start: {e.Message}");
    return 1;
}

public partial class Program;
