using TimeBank.Api.Infrastructure;
using Wolverine;

namespace TimeBank.Api.Commands;

/// <summary>
/// The write runner's first strategy, a command on its own: sent to its Wolverine handler with the client's id beside it
/// (<see cref="CommandIdempotency"/>), and sent again when it lost a race (<see cref="ConflictRetry"/>). The second
/// strategy, commands on one account decided together, is the account's queue (<c>AccountQueues</c>), which shares the
/// idempotency step and the conflict policy; a use case's caller names the one it takes (docs/adr/0041-one-write-runner.md).
/// </summary>
public sealed class CommandSender(IMessageBus bus, ConnectionPools pools, ILogger<CommandSender> logger, Districts.DistrictSettings districts, Districts.RequestDistrict requestDistrict)
{
    public Task<CommandOutcome> SendAsync<TCommand>(TCommand command, CancellationToken cancellation)
        where TCommand : IIdempotent => SendAsync(command, null, cancellation);

    /// <summary>
    /// As <see cref="SendAsync{TCommand}(TCommand, CancellationToken)"/>, in <paramref name="district"/> when one is named
    /// (districts mode: the district of what the command acts on, when it is not the request's; docs/adr/0047-a-database-per-district.md).
    /// </summary>
    public Task<CommandOutcome> SendAsync<TCommand>(TCommand command, string? district, CancellationToken cancellation)
        where TCommand : IIdempotent
    {
        ArgumentNullException.ThrowIfNull(command);
        // In districts mode the command runs in its district's database (the envelope's tenant); a district that is not
        // configured is refused here, before anything is written or sent (docs/adr/0047-a-database-per-district.md).
        try
        {
            district = districts.IsOn && district is not null ? districts.Require(district) : DistrictOf(command.Command);
        }
        catch (Ledger.LedgerRefusal refusal)
        {
            return Task.FromResult(CommandOutcome.Refuse(command.CommandId, refusal));
        }

        return district is null ? SendInAsync(command, district, cancellation) : SendInDistrictAsync(command, district, cancellation);
    }

    /// <summary>
    /// Districts mode: a district whose database stops answering while the node runs refuses the command with
    /// <c>DISTRICT_UNAVAILABLE</c> naming it, as one down since the node started does (docs/adr/0047-a-database-per-district.md).
    /// </summary>
    private async Task<CommandOutcome> SendInDistrictAsync<TCommand>(TCommand command, string district, CancellationToken cancellation)
        where TCommand : IIdempotent
    {
        try
        {
            return await SendInAsync(command, district, cancellation);
        }
        catch (Exception e) when (DatabaseOutage.IsCause(e))
        {
            if (await Districts.DistrictOutage.OfAsync(districts, district, e) is { } refusal)
            {
                return CommandOutcome.Refuse(command.CommandId, refusal);
            }

            throw;
        }
    }

    // The ledger's command goes as it is, its id beside it in the envelope; every attempt after the first says it is one.
    private Task<CommandOutcome> SendInAsync<TCommand>(TCommand command, string? district, CancellationToken cancellation)
        where TCommand : IIdempotent =>
        ConflictRetry.RunAsync(
            attempt => bus.InvokeAsync<CommandOutcome>(command.Command, Options(command.CommandId, attempt, district), cancellation),
            pools, logger, command.Command.GetType().Name, cancellation);

    /// <summary>
    /// A community is registered in the district it names; a command a handler sends, in the district of the message it
    /// handles; every other command in the request's district.
    /// </summary>
    private string? DistrictOf(object command) =>
        !districts.IsOn ? null
        : command is Ledger.Communities.RegisterCommunity registration ? districts.Require(registration.District)
        : bus.TenantId is { Length: > 0 } current ? districts.Require(current)
        : requestDistrict.Current;

    /// <summary>The command id beside the command; on a retry, also the word that it is one, so that a command seen before is answered first.</summary>
    private static DeliveryOptions Options(Guid commandId, int attempt, string? district)
    {
        var options = new DeliveryOptions().WithHeader(CommandIdempotency.CommandIdHeader, commandId.ToString());
        if (district is not null)
        {
            options.TenantId = district;
        }

        return attempt > 1 ? options.WithHeader(CommandIdempotency.RetryHeader, attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)) : options;
    }
}
