using TimeBank.Ledger.Needs;

namespace TimeBank.Projections.Needs;

/// <summary>
/// Residents' needs, one document per need stream, folded with <see cref="Need.Evolve"/>. Inline: a command on a need
/// reads it back in its own payload, and the board must never offer a need that was just accepted or cancelled (ADR 0044).
/// </summary>
public sealed class NeedProjection() : AggregateProjection<Need, NeedEvent>(Need.Evolve);
