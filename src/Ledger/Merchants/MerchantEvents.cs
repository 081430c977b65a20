namespace TimeBank.Ledger.Merchants;

/// <summary>Events of a merchant's stream: a love supermarket (爱心超市) or shop that takes points at its till.</summary>
public abstract record MerchantEvent(Guid MerchantId);

[StoredAs("merchant_registered.v1")]
public sealed record MerchantRegistered(Guid MerchantId, Guid CommunityId, string Name, Guid RegisteredBy, DateTimeOffset RegisteredAt)
    : MerchantEvent(MerchantId);

[StoredAs("merchant_approved.v1")]
public sealed record MerchantApproved(Guid MerchantId, Guid ApprovedBy, DateTimeOffset ApprovedAt) : MerchantEvent(MerchantId);

[StoredAs("merchant_suspended.v1")]
public sealed record MerchantSuspended(Guid MerchantId, string Reason, Guid SuspendedBy, DateTimeOffset SuspendedAt) : MerchantEvent(MerchantId);

[StoredAs("merchant_reinstated.v1")]
public sealed record MerchantReinstated(Guid MerchantId, Guid ReinstatedBy, DateTimeOffset ReinstatedAt) : MerchantEvent(MerchantId);
