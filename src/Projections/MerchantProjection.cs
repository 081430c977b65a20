using JasperFx.Events;
using Marten.Events.Aggregation;
using TimeBank.Ledger.Merchants;

namespace TimeBank.Projections;

/// <summary>A merchant as it stands (community, name, status): a hold at the till reads it. Inline.</summary>
public sealed class MerchantProjection : SingleStreamProjection<Merchant, Guid>
{
    public MerchantProjection() => this.IncludeKind<MerchantEvent>();

    public override Merchant? Evolve(Merchant? snapshot, Guid id, IEvent e) =>
        e.Data is MerchantEvent merchantEvent ? Merchant.Evolve(snapshot, merchantEvent) : snapshot;
}
