using JasperFx.Events;
using Marten.Events.Aggregation;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Projections;

/// <summary>
/// The balance document: a volunteer's account as its events leave it. Inline, so a command reads back its own
/// write at once; the same fold as the domain's, so live state and replay cannot differ.
/// </summary>
public sealed class VolunteerAccountProjection : SingleStreamProjection<VolunteerAccount, Guid>
{
    public VolunteerAccountProjection() => this.IncludeKind<VolunteerAccountEvent>();

    public override VolunteerAccount? Evolve(VolunteerAccount? snapshot, Guid id, IEvent e) =>
        e.Data is VolunteerAccountEvent accountEvent ? VolunteerAccount.Evolve(snapshot, accountEvent) : snapshot;
}
