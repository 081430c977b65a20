using JasperFx.CommandLine;
using TimeBank.Api.Auth;

namespace TimeBank.Api.Hosting;

// TimeBank's own commands, as JasperFx's command line knows them, so that `help` and `--help` list them beside its own.
// Program.cs runs them before the host is built (token and local-db need no database, ADR 0017): these are what
// JasperFx discovers in the application's assembly, and they run the same code if JasperFx is asked to.

/// <summary>The words after the command's name, as Program.cs reads them.</summary>
public sealed class CommandWords
{
    [Description("The command's arguments, as its usage says")]
    public IEnumerable<string> Words { get; set; } = [];
}

[Description("Print a bearer token (needs no database): token staff", Name = TokenCommand.Name)]
public sealed class TokenCommandLine : JasperFxCommand<CommandWords>
{
    public override bool Execute(CommandWords input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var setup = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        return TokenCommand.Run([.. input.Words], setup.Configuration, setup.Environment.ContentRootPath, TimeProvider.System, Console.Out, Console.Error) == 0;
    }
}

[Description("Stop the project-local PostgreSQL: local-db stop", Name = LocalDbCommandLine.Name)]
public sealed class LocalDbCommandLine : JasperFxAsyncCommand<CommandWords>
{
    public const string Name = "local-db";

    public override async Task<bool> Execute(CommandWords input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Words.ToList() is not ["stop"])
        {
            await Console.Error.WriteLineAsync("Usage: local-db stop");
            return false;
        }

        await StopAsync();
        return true;
    }

    /// <summary>Stops the project's cluster (<c>.local/pg</c>) and the districts' beside it (<c>.local/pg-&lt;id&gt;</c>: the demo's <c>--districts</c>, the fault tests').</summary>
    public static async Task StopAsync()
    {
        var root = LocalDatabase.LocalPostgres.FindProjectRoot(Directory.GetCurrentDirectory());
        await new LocalDatabase.LocalPostgres(new LocalDatabase.LocalPostgresOptions(root)).StopAsync();
        await Console.Out.WriteLineAsync("The local PostgreSQL cluster is stopped.");
        var local = Path.Combine(root, ".local");
        foreach (var district in (Directory.Exists(local) ? Directory.GetDirectories(local, "pg-*") : []).Order(StringComparer.Ordinal))
        {
            await new LocalDatabase.LocalPostgres(new LocalDatabase.LocalPostgresOptions(root) { DataDirectory = district }).StopAsync();
            await Console.Out.WriteLineAsync($"The local PostgreSQL cluster {Path.GetFileName(district)} is stopped.");
        }
    }
}

[Description("Rebuild every read model from the events, in parts: rebuild-read-models, optionally --district <id> --part-events N", Name = RebuildReadModelsCommand.Name)]
public sealed class RebuildReadModelsCommandLine : JasperFxAsyncCommand<CommandWords>
{
    public override async Task<bool> Execute(CommandWords input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var setup = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        using var loggers = DatabaseConnection.StartupLogging(setup.Configuration);
        return await RebuildReadModelsCommand.RunAsync(setup.Configuration, setup.Environment.ContentRootPath,
            loggers.CreateLogger(RebuildReadModelsCommand.Name), Console.Out, CancellationToken.None, [.. input.Words]) == 0;
    }
}

[Description("Issue the year's certificates of a community on the running service, with a progress bar: issue-certificates --community <uuid> --year 2026 …",
    Name = TimeBank.Api.Certificates.Bulk.IssueCertificatesCommand.Name)]
public sealed class IssueCertificatesCommandLine : JasperFxAsyncCommand<CommandWords>
{
    public override async Task<bool> Execute(CommandWords input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return await TimeBank.Api.Certificates.Bulk.IssueCertificatesCommand.RunAsync([.. input.Words], client: null, Spectre.Console.AnsiConsole.Console, CancellationToken.None) == 0;
    }
}
