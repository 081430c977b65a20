using JasperFx.CommandLine;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;

namespace TimeBank.Api.Districts;

public sealed class DeadLettersInput : NetCoreInput
{
    [Description("replay: mark the dead letters replayable; the durability agent moves them back to the inbox")]
    public string Action { get; set; } = "replay";

    [FlagAlias("exception-type", 't')]
    [Description("Only the dead letters of this exception type (full name); all by default")]
    public string ExceptionTypeFlag { get; set; } = string.Empty;
}

/// <summary>
/// <c>dotnet run --project src/Api -- dead-letters replay [-t ExceptionType]</c>: Wolverine's <c>storage replay</c> for
/// every message database. In districts mode (ADR 0047) the dead letters are in each district's database, and Wolverine
/// 6.62's <c>storage replay</c> stops there (<c>MultiTenantedMessageStore.ReplayAsync</c> is not supported); this asks
/// the store's <see cref="IDeadLetters.ReplayMatchingAsync"/>, which visits each database.
/// </summary>
[Description("Replay dead letters in every message database, districts too: dead-letters replay, or dead-letters replay -t ExceptionType", Name = "dead-letters")]
public sealed class DeadLettersCommand : JasperFxAsyncCommand<DeadLettersInput>
{
    public DeadLettersCommand()
    {
        Usage("Replay the dead letters").Arguments(x => x.Action);
    }

    private static IMessageStore MainStore(Wolverine.Runtime.IWolverineRuntime runtime) =>
        runtime.Storage is MultiTenantedMessageStore multi ? multi.Main : runtime.Storage;

    public override async Task<bool> Execute(DeadLettersInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Action != "replay")
        {
            await Console.Error.WriteLineAsync("Usage: dead-letters replay [-t ExceptionType]");
            return false;
        }

        using var host = input.BuildHost();
        var runtime = host.Services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>();
        var districts = host.Services.GetRequiredService<DistrictSettings>();
        var exceptionType = string.IsNullOrEmpty(input.ExceptionTypeFlag) ? null : input.ExceptionTypeFlag;

        // The main store (the only one in single-database mode; the city's in districts mode), then each district's.
        var stores = new List<(string Name, IMessageStore Store)> { (districts.IsOn ? "city" : "ledger", MainStore(runtime)) };
        foreach (var district in districts.Ids)
        {
            stores.AddRange((await runtime.Stores.FindForTenantAsync(district)).Select(store => (district, store)));
        }

        foreach (var (name, store) in stores)
        {
            await store.DeadLetters.MarkDeadLetterEnvelopesAsReplayableAsync(exceptionType!);
            await Console.Out.WriteLineAsync($"{name}: dead letters marked replayable; the service moves them back to its inbox.");
        }

        return true;
    }
}
