using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Gifts;

/// <summary>The rules of a community's pool (ADR 0045). Everything it takes in, it takes in once.</summary>
public static class CommunityPoolDecider
{
    /// <param name="resident">For <see cref="GrantFromPool"/>: the resident's account, loaded (locked) by the caller; null: not registered.</param>
    public static CommunityPoolEvent[] Decide(
        CommunityPoolCommand command, CommunityPool? state, LedgerPolicy policy, DateTimeOffset now, VolunteerAccount? resident = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var pool = state ?? CommunityPool.Empty(command.CommunityId);
        return command switch
        {
            ReceivePoolOverflow o when pool.Seen.Contains(CommunityPool.OverflowKey(o.RecordId)) || o.TimeCredits <= 0 => [],
            ReceivePoolOverflow o => [new PoolOverflowReceived(o.CommunityId, o.RecordId, o.VolunteerId, o.TimeCredits, now)],
            ReturnPoolOverflow r when pool.Seen.Contains(CommunityPool.ReturnKey(r.RecordId)) || r.TimeCredits <= 0 => [],
            ReturnPoolOverflow r => [new PoolOverflowReturned(
                r.CommunityId, r.RecordId, r.VolunteerId, r.TimeCredits, r.TimeCredits - Math.Min(pool.Available, r.TimeCredits), now)],
            ReceiveDonation d when pool.Seen.Contains(CommunityPool.TransferKey(d.TransferId)) => [],
            ReceiveDonation d => [new PoolDonationReceived(d.CommunityId, d.TransferId, d.DonorId, d.TimeCredits,
                [.. Posting.Of(AccountId.Transit(d.TransferId), AccountId.Pool(d.CommunityId), LedgerUnit.TimeCredits, d.TimeCredits)], now)],
            GrantFromPool g => Grant(g, pool, policy, resident, now),
            _ => throw new InvalidOperationException($"No rule decides {command.GetType().Name}."),
        };
    }

    private static CommunityPoolEvent[] Grant(GrantFromPool command, CommunityPool pool, LedgerPolicy policy, VolunteerAccount? resident, DateTimeOffset now)
    {
        if (!command.Actor.MayActIn(command.CommunityId))
        {
            throw new LedgerRefusal(RefusalCodes.NotStaffOfCommunity, "Only staff of the community grant from its pool.");
        }

        if (pool.Seen.Contains(CommunityPool.TransferKey(command.GrantId)))
        {
            return []; // Granted already: the same grant asked again.
        }

        var reason = TextLimits.Required(command.Reason, "reason", TextLimits.Reason, RefusalCodes.ReasonRequired, "A grant from the pool says why.");
        if (command.TimeCredits <= 0)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidAmount, $"A grant is a positive number of minutes; got {command.TimeCredits}.");
        }

        if (resident is null || resident.Id != command.ResidentId)
        {
            throw new LedgerRefusal(RefusalCodes.VolunteerNotFound, $"Volunteer {command.ResidentId} is not registered.");
        }

        if (command.TimeCredits > pool.Available)
        {
            throw new LedgerRefusal(RefusalCodes.InsufficientPoolCredits,
                $"The pool holds {pool.Available} minutes of time credits; {command.TimeCredits} were asked.");
        }

        VolunteerAccountDecider.WithinCap(resident, command.TimeCredits, policy);
        return [new PoolGranted(command.CommunityId, command.GrantId, resident.Id, command.TimeCredits, reason, command.Actor.PersonId,
            [.. Posting.Of(AccountId.Pool(command.CommunityId), AccountId.Transit(command.GrantId), LedgerUnit.TimeCredits, command.TimeCredits)], now)];
    }

    /// <summary>What the resident's side of a grant is.</summary>
    public static ReceiveTransfer ReceivingOf(PoolGranted granted)
    {
        ArgumentNullException.ThrowIfNull(granted);
        return new(granted.ResidentId, granted.TransferId, granted.TimeCredits, null, granted.CommunityId, ChinaTime.YearOf(granted.GrantedAt));
    }
}
