using Stateless;

namespace TimeBank.Ledger.Merchants;

public enum MerchantTrigger
{
    Approve,
    Suspend,
    Reinstate,
}

/// <summary>
/// Pending → Approved ⇄ Suspended. A pending merchant is approved (or never); an approved one may be suspended and
/// reinstated any number of times. Built from the merchant's state on demand; never persisted.
/// </summary>
public static class MerchantLifecycle
{
    public static StateMachine<MerchantStatus, MerchantTrigger> For(Merchant merchant)
    {
        var machine = new StateMachine<MerchantStatus, MerchantTrigger>(() => merchant.Status, _ => { });

        machine.Configure(MerchantStatus.Pending)
            .Permit(MerchantTrigger.Approve, MerchantStatus.Approved);

        machine.Configure(MerchantStatus.Approved)
            .Permit(MerchantTrigger.Suspend, MerchantStatus.Suspended);

        machine.Configure(MerchantStatus.Suspended)
            .Permit(MerchantTrigger.Reinstate, MerchantStatus.Approved);

        return machine;
    }

    public static bool Can(Merchant merchant, MerchantTrigger trigger) => For(merchant).CanFire(trigger);
}
