using TimeBank.Ledger.Merchants;

namespace TimeBank.Projections;

/// <summary>A merchant as it stands (community, name, status): a hold at the till reads it. Inline.</summary>
public sealed class MerchantProjection() : AggregateProjection<Merchant, MerchantEvent>(Merchant.Evolve);
