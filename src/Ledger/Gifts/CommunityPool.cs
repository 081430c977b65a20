using System.Collections.Immutable;

namespace TimeBank.Ledger.Gifts;

/// <summary>
/// A community's pool of time credits (ADR 0045): it receives donations and the credits above volunteers' caps, and
/// staff grant from it to residents in need. Its <see cref="Balance"/> equals the postings to its ledger account
/// (<c>AccountId.Pool</c>) once the service's messages about overflow and revocations are delivered; below zero only
/// when a revocation took back credits it had already granted away (its <see cref="Shortfall"/>), which later
/// donations and overflow make good before anything can be granted again.
/// </summary>
/// <param name="Seen">Every record (overflow, return) and transfer the pool took in: each once.</param>
public sealed record CommunityPool(
    Guid Id,
    Guid CommunityId,
    long Balance,
    long Donated,
    long Granted,
    long OverflowReceived,
    long OverflowReturned,
    int Donations,
    int Grants,
    ImmutableHashSet<string> Seen)
{
    /// <summary>What staff may grant now.</summary>
    public long Available => Math.Max(0, Balance);

    /// <summary>What the pool owes the ledger: credits taken back by revocations after they were granted away.</summary>
    public long Shortfall => Math.Max(0, -Balance);

    /// <summary>The pool's stream: one per community, apart from the community's own stream.</summary>
    public static Guid StreamIdOf(Guid communityId) => NameBasedId.From("community-pool", communityId);

    public static string OverflowKey(Guid recordId) => $"overflow/{recordId}";

    public static string ReturnKey(Guid recordId) => $"return/{recordId}";

    public static string TransferKey(Guid transferId) => $"transfer/{transferId}";

    public static CommunityPool Empty(Guid communityId) =>
        new(StreamIdOf(communityId), communityId, 0, 0, 0, 0, 0, 0, 0, ImmutableHashSet<string>.Empty);

    public static CommunityPool? Evolve(CommunityPool? state, CommunityPoolEvent @event)
    {
        var pool = state ?? Empty(@event.CommunityId);
        return @event switch
        {
            PoolOverflowReceived o => pool with
            {
                Balance = checked(pool.Balance + o.TimeCredits),
                OverflowReceived = checked(pool.OverflowReceived + o.TimeCredits),
                Seen = pool.Seen.Add(OverflowKey(o.RecordId)),
            },
            PoolOverflowReturned r => pool with
            {
                Balance = pool.Balance - r.TimeCredits,
                OverflowReturned = checked(pool.OverflowReturned + r.TimeCredits),
                Seen = pool.Seen.Add(ReturnKey(r.RecordId)),
            },
            PoolDonationReceived d => pool with
            {
                Balance = checked(pool.Balance + d.TimeCredits),
                Donated = checked(pool.Donated + d.TimeCredits),
                Donations = pool.Donations + 1,
                Seen = pool.Seen.Add(TransferKey(d.TransferId)),
            },
            PoolGranted g => pool with
            {
                Balance = pool.Balance - g.TimeCredits,
                Granted = checked(pool.Granted + g.TimeCredits),
                Grants = pool.Grants + 1,
                Seen = pool.Seen.Add(TransferKey(g.TransferId)),
            },
            _ => throw new UnknownEventException($"{nameof(CommunityPool)}.{nameof(Evolve)}", @event),
        };
    }
}
