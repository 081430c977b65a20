using Marten;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Redemptions;

/// <summary>
/// The till sends a code only: which volunteer's code it is. Id = the code. Written in the transaction that issues the
/// code, deleted when a hold uses it, or by the volunteer's next code once it has expired; an expired one may also be
/// taken over by the next volunteer who draws that code. So a volunteer has few (live codes and those expired since
/// their last code) and there is no cleanup job.
/// </summary>
public sealed record RedemptionCodeLookup(string Id, Guid VolunteerId, DateTimeOffset ExpiresAt)
{
    public bool IsLiveAt(DateTimeOffset now) => now < ExpiresAt;
}

/// <summary>Which account holds a hold: the till names a hold by its id only. Written in the transaction of the hold.</summary>
public sealed record HoldLocation(Guid Id, Guid VolunteerId, Guid MerchantId)
{
    /// <summary>The account a hold is on; for a hold that does not exist, the same answer the decider gives another merchant.</summary>
    public static Guid VolunteerOf(HoldLocation? location, Guid holdId) =>
        location?.VolunteerId ?? throw new LedgerRefusal(RefusalCodes.NotFound, $"Hold {holdId} was not found.");
}

/// <summary>What a merchant may read of a hold: its own holds, and nothing of the volunteer's account.</summary>
public static class HoldReads
{
    /// <summary>A hold if the cashier's merchant owns it: for everyone else it does not exist.</summary>
    public static async Task<Hold?> OwnHoldAsync(IQuerySession session, Actor actor, Guid holdId, CancellationToken cancellation) =>
        await session.LoadAsync<HoldLocation>(holdId, cancellation) is { } location && actor.ActsFor(location.MerchantId)
            ? OwnHold(actor, location, await session.LoadAsync<VolunteerAccount>(location.VolunteerId, cancellation), holdId)
            : null;

    /// <summary>The same, from a hold's location and its account already at hand.</summary>
    public static Hold? OwnHold(Actor actor, HoldLocation? location, VolunteerAccount? account, Guid holdId) =>
        location is not null && actor.ActsFor(location.MerchantId) && account?.Id == location.VolunteerId
            ? account.Holds.GetValueOrDefault(holdId)
            : null;
}
