using System.Text.Json;

namespace TimeBank.Ledger.Tests.Specifications;

/// <summary>
/// Given events, when a command, then events (or a refusal): a decider test that reads as a sentence.
/// The decider runs only at Then/ThenFails, so a scenario states the whole case before anything happens.
/// </summary>
public sealed class Scenario<TCommand, TEvent, TState>(
    TState? state,
    Func<TState?, TEvent, TState?> evolve,
    Func<TCommand, TState?, TEvent[]> decide)
    where TState : class
{
    public Scenario(IEnumerable<TEvent> given, Func<TState?, TEvent, TState?> evolve, Func<TCommand, TState?, TEvent[]> decide)
        : this(given.Aggregate(default(TState), evolve), evolve, decide)
    {
    }

    /// <summary>The state the given events fold to.</summary>
    public TState? State => state;

    /// <summary>
    /// The given state changed by something the domain has no event for yet (e.g. points spent at a merchant).
    /// </summary>
    public Scenario<TCommand, TEvent, TState> Altered(Func<TState, TState> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new(change(state ?? throw new InvalidOperationException("Nothing given to alter.")), evolve, decide);
    }

    public Verdict<TCommand, TEvent, TState> When(TCommand command) => new(command, state, evolve, decide);
}

public sealed class Verdict<TCommand, TEvent, TState>(
    TCommand command,
    TState? state,
    Func<TState?, TEvent, TState?> evolve,
    Func<TCommand, TState?, TEvent[]> decide)
    where TState : class
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>The command yields exactly these events; returns the state after them for further checks.</summary>
    public TState? Then(params TEvent[] expected)
    {
        var actual = decide(command, state);
        Assert.Equal(Describe(expected), Describe(actual));
        return actual.Aggregate(state, evolve);
    }

    /// <summary>The command yields events that satisfy <paramref name="check"/>; returns the state after them.</summary>
    public TState? Then(Action<IReadOnlyList<TEvent>> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var actual = decide(command, state);
        check(actual);
        return actual.Aggregate(state, evolve);
    }

    public LedgerRefusal ThenFails(string code)
    {
        var refusal = Assert.Throws<LedgerRefusal>(() => decide(command, state));
        Assert.Equal(code, refusal.Code);
        return refusal;
    }

    /// <summary>Events compare by content (their postings are lists), shown one a line so a failure reads as a diff.</summary>
    public static string Describe(IEnumerable<TEvent> events) =>
        string.Join(Environment.NewLine, events.Select(e => $"{e!.GetType().Name} {JsonSerializer.Serialize(e, e.GetType(), Json)}"));
}
