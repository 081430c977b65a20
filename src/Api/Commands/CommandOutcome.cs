using TimeBank.Ledger;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Commands;

/// <summary>What a command did: accepted (with the streams it touched) or refused with a stable code.</summary>
public sealed record CommandOutcome(Guid CommandId, bool Accepted, string? Code, string? Message, IReadOnlyList<Guid> Streams, bool Replayed)
{
    /// <summary>The redemption code the command issued, so that the caller (and a replay) is given exactly this code.</summary>
    public string? IssuedCode { get; init; }

    /// <summary>
    /// The command's subject as its events left it, when its handler had it (<see cref="Accepted.Result"/>): on the
    /// first answer only, never remembered, so a replay (or a command that sets none) reads its result from the store.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public object? Result { get; init; }

    public static CommandOutcome Accept(Guid commandId, params IReadOnlyList<Guid> streams) => new(commandId, true, null, null, streams, false);

    /// <summary>The instants a refusal's message names, written in China time: an edge that knows the caller's offset shows them in it (<see cref="RefusalTimes"/>).</summary>
    public IReadOnlyList<DateTimeOffset>? Times { get; init; }

    public static CommandOutcome Refuse(Guid commandId, string code, string message) => new(commandId, false, code, message, [], false);

    public static CommandOutcome Refuse(Guid commandId, LedgerRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return Refuse(commandId, refusal.Code, refusal.Message) with { Times = refusal.Times.Count == 0 ? null : refusal.Times };
    }
}
