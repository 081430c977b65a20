using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Merchants;

/// <summary>
/// Staff of the merchant's community (or a city admin) register, approve, suspend and reinstate it. The same change
/// asked twice is refused with <see cref="RefusalCodes.InvalidMerchantState"/>; retries are made safe by command ids.
/// Whoever may not see the merchant (<see cref="MerchantVisibility"/>) is answered as for a missing one, and only those
/// who may register a merchant in the community learn whether an id is taken.
/// </summary>
public static class MerchantDecider
{
    public static MerchantEvent[] Decide(MerchantCommand command, Merchant? state, DateTimeOffset now) =>
        (command, state) switch
        {
            (RegisterMerchant register, _) => [Register(register, state, now)],
            (_, null) => throw NotFound(command.MerchantId),
            (_, _) when !state.IsVisibleTo(command.Actor) => throw NotFound(command.MerchantId),

            (ApproveMerchant approve, _) => [Approve(approve, state, now)],
            (SuspendMerchant suspend, _) => [Suspend(suspend, state, now)],
            (ReinstateMerchant reinstate, _) => [Reinstate(reinstate, state, now)],
            _ => throw new InvalidOperationException($"No rule decides {command.GetType().Name}."),
        };

    private static MerchantRegistered Register(RegisterMerchant command, Merchant? state, DateTimeOffset now)
    {
        // Permission first: only those who may register a merchant here learn whether an id is taken.
        RequireStaffOf(command.Actor, command.CommunityId);
        if (state is not null)
        {
            throw new LedgerRefusal(RefusalCodes.AlreadyExists, $"Merchant {command.MerchantId} already exists.");
        }

        var name = TextLimits.Required(command.Name, "name", TextLimits.Name, RefusalCodes.InvalidInput, "The merchant's name is required.");
        return new MerchantRegistered(command.MerchantId, command.CommunityId, name, command.Actor.PersonId, now);
    }

    private static MerchantApproved Approve(ApproveMerchant command, Merchant merchant, DateTimeOffset now)
    {
        RequireStaffOf(command.Actor, merchant.CommunityId);
        Require(merchant, MerchantTrigger.Approve);
        return new MerchantApproved(merchant.Id, command.Actor.PersonId, now);
    }

    private static MerchantSuspended Suspend(SuspendMerchant command, Merchant merchant, DateTimeOffset now)
    {
        RequireStaffOf(command.Actor, merchant.CommunityId);
        var reason = TextLimits.Required(command.Reason, "reason", TextLimits.Reason, RefusalCodes.ReasonRequired, "A reason is required to suspend a merchant.");
        Require(merchant, MerchantTrigger.Suspend);
        return new MerchantSuspended(merchant.Id, reason, command.Actor.PersonId, now);
    }

    private static MerchantReinstated Reinstate(ReinstateMerchant command, Merchant merchant, DateTimeOffset now)
    {
        RequireStaffOf(command.Actor, merchant.CommunityId);
        Require(merchant, MerchantTrigger.Reinstate);
        return new MerchantReinstated(merchant.Id, command.Actor.PersonId, now);
    }

    /// <summary>The answer for a missing merchant, and for one the caller may not see.</summary>
    private static LedgerRefusal NotFound(Guid merchantId) => new(RefusalCodes.NotFound, $"Merchant {merchantId} was not found.");

    private static void RequireStaffOf(Actor actor, Guid communityId)
    {
        if (!actor.MayActIn(communityId))
        {
            throw new LedgerRefusal(RefusalCodes.NotStaffOfCommunity, "Only staff of the merchant's community (or a city admin) may do this.");
        }
    }

    private static void Require(Merchant merchant, MerchantTrigger trigger)
    {
        if (!MerchantLifecycle.Can(merchant, trigger))
        {
            throw new LedgerRefusal(
                RefusalCodes.InvalidMerchantState,
                $"A {merchant.Status.ToString().ToLowerInvariant()} merchant cannot be {Past(trigger)}.");
        }
    }

    private static string Past(MerchantTrigger trigger) => trigger switch
    {
        MerchantTrigger.Approve => "approved",
        MerchantTrigger.Suspend => "suspended",
        MerchantTrigger.Reinstate => "reinstated",
        _ => trigger.ToString().ToLowerInvariant(),
    };
}
