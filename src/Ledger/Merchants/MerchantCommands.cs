using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Merchants;

public abstract record MerchantCommand(Guid MerchantId, Actor Actor) : IActorCommand;

/// <summary>A community takes a merchant on; it redeems nothing until approved.</summary>
public sealed record RegisterMerchant(Guid MerchantId, Guid CommunityId, string Name, Actor Actor) : MerchantCommand(MerchantId, Actor);

public sealed record ApproveMerchant(Guid MerchantId, Actor Actor) : MerchantCommand(MerchantId, Actor);

public sealed record SuspendMerchant(Guid MerchantId, string Reason, Actor Actor) : MerchantCommand(MerchantId, Actor);

public sealed record ReinstateMerchant(Guid MerchantId, Actor Actor) : MerchantCommand(MerchantId, Actor);
