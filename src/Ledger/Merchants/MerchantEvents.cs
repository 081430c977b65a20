namespace TimeBank.Ledger.Merchants;

/// <summary>Events of a merchant's stream: a love supermarket (爱心超市) or shop that takes points at its till.</summary>
public abstract record MerchantEvent(Guid MerchantId);

public sealed record MerchantRegistered(Guid MerchantId, Guid CommunityId, string Name, Guid RegisteredBy, DateTimeOffset RegisteredAt)
    : MerchantEvent(MerchantId);

public sealed record MerchantApproved(Guid MerchantId, Guid ApprovedBy, DateTimeOffset ApprovedAt) : MerchantEvent(MerchantId);

public sealed record MerchantSuspended(Guid MerchantId, string Reason, Guid SuspendedBy, DateTimeOffset SuspendedAt) : MerchantEvent(MerchantId);

public sealed record MerchantReinstated(Guid MerchantId, Guid ReinstatedBy, DateTimeOffset ReinstatedAt) : MerchantEvent(MerchantId);
