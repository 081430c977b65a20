using TimeBank.Ledger.Accounts;

namespace TimeBank.Projections;

/// <summary>
/// The balance document: a volunteer's account as its events leave it. Inline, so a command reads back its own
/// write at once; the same fold as the domain's, so live state and replay cannot differ.
/// </summary>
public sealed class VolunteerAccountProjection() : AggregateProjection<VolunteerAccount, VolunteerAccountEvent>(VolunteerAccount.Evolve);
