namespace TimeBank.Ledger;

/// <summary>
/// A fold met an event of its family that it has no case for: a new event was added without its case. The fold
/// throws rather than leave the state as it was, since a state that silently missed an event is wrong (ADR 0023).
/// </summary>
public sealed class UnknownEventException(string fold, object @event)
    : InvalidOperationException($"{fold} has no case for the event {@event.GetType().Name}: add one.");
