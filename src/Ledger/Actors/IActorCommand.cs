namespace TimeBank.Ledger.Actors;

/// <summary>
/// A command someone sends to the ledger: its actor is who asks. The host carries it as it is, with the client's command
/// id beside it (docs/adr/0028-one-command-shape.md).
/// </summary>
public interface IActorCommand
{
    Actor Actor { get; }
}
