using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Commands;

/// <summary>
/// A ledger command as a client sends it: the command itself, and beside it the id the client chose for it. Not a
/// message: <see cref="CommandSender"/> hands Wolverine <see cref="Command"/> and puts <see cref="CommandId"/> in the
/// envelope's <see cref="CommandIdempotency.CommandIdHeader"/> (docs/adr/0028-one-command-shape.md).
/// </summary>
public sealed record Idempotent<TCommand>(Guid CommandId, TCommand Command) : IIdempotent
    where TCommand : IActorCommand
{
    public Actor Actor => Command.Actor;

    IActorCommand IIdempotent.Command => Command;
}

/// <summary>
/// A ledger command with the client's id beside it, whatever its kind: sending the same command again returns the first
/// outcome and changes nothing.
/// </summary>
public interface IIdempotent
{
    Guid CommandId { get; }

    Actor Actor { get; }

    IActorCommand Command { get; }
}

public static class Idempotent
{
    public static Idempotent<TCommand> Of<TCommand>(Guid commandId, TCommand command)
        where TCommand : IActorCommand => new(commandId, command);
}
