using Marten;
using TimeBank.Ledger.Gifts;

namespace TimeBank.Api.Gifts;

/// <summary>A pool's movements, read from its own stream (newest first): a pool's events are its statement.</summary>
public static class PoolReads
{
    public const int DefaultMovements = 50;
    public const int MaxMovements = 500;

    public static async Task<IReadOnlyList<PoolMovement>> MovementsAsync(IQuerySession session, Guid communityId, int first, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (first is < 1 or > MaxMovements)
        {
            throw GraphQL.SchemaErrors.InvalidInput($"'first' is 1 to {MaxMovements}; got {first}.");
        }

        var events = await session.Events.FetchStreamAsync(CommunityPool.StreamIdOf(communityId), token: cancellation);
        return [.. events.AsEnumerable().Reverse().Take(first).Select(e => e.Data switch
        {
            PoolDonationReceived d => new PoolMovement(PoolMovementKind.Donation, d.TimeCredits, d.DonorId, d.TransferId, null, null, null, 0, d.ReceivedAt),
            PoolGranted g => new PoolMovement(PoolMovementKind.Grant, -g.TimeCredits, g.ResidentId, g.TransferId, null, g.Reason, g.GrantedBy, 0, g.GrantedAt),
            PoolOverflowReceived o => new PoolMovement(PoolMovementKind.Overflow, o.TimeCredits, o.VolunteerId, null, o.RecordId, null, null, 0, o.ReceivedAt),
            PoolOverflowReturned r => new PoolMovement(PoolMovementKind.OverflowReturned, -r.TimeCredits, r.VolunteerId, null, r.RecordId, null, null, r.ShortfallIncurred, r.ReturnedAt),
            _ => throw new Ledger.UnknownEventException(nameof(PoolReads), e.Data),
        })];
    }
}
