namespace TimeBank.Ledger.Merchants;

public enum MerchantStatus
{
    Pending,
    Approved,
    Suspended,
}

/// <summary>A merchant as it stands after its events. Only an approved merchant takes points.</summary>
public sealed record Merchant(Guid Id, Guid CommunityId, string Name, MerchantStatus Status, DateTimeOffset RegisteredAt)
{
    public bool IsApproved => Status == MerchantStatus.Approved;

    public static Merchant FromRegistration(MerchantRegistered registered) =>
        new(registered.MerchantId, registered.CommunityId, registered.Name, MerchantStatus.Pending, registered.RegisteredAt);

    public static Merchant? Evolve(Merchant? state, MerchantEvent @event) => (state, @event) switch
    {
        (null, MerchantRegistered registered) => FromRegistration(registered),
        (null, _) => null,
        (_, MerchantApproved) => state with { Status = MerchantStatus.Approved },
        (_, MerchantSuspended) => state with { Status = MerchantStatus.Suspended },
        (_, MerchantReinstated) => state with { Status = MerchantStatus.Approved },
        (_, MerchantRegistered) => state,
        _ => throw new UnknownEventException($"{nameof(Merchant)}.{nameof(Evolve)}", @event),
    };
}
