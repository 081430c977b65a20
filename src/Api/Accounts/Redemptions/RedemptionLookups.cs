using Marten;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Accounts.Redemptions;

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

/// <summary>
/// What a merchant may read of a hold: its own holds (the hold documents, <c>HoldProjection</c>; in districts mode also
/// the district's copies of holds homed elsewhere, <see cref="Districts.HoldHomedElsewhere"/>, ADR 0048), and nothing of
/// the volunteer's account. The till names a hold by its id only; the hold says which account it is on.
/// </summary>
public static class HoldReads
{
    /// <summary>A hold of this database: its own, or (<paramref name="districts"/>) its copy of one homed in another district.</summary>
    public static async Task<Hold?> LoadAsync(IQuerySession session, Guid holdId, bool districts, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        return await session.LoadAsync<Hold>(holdId, cancellation)
            ?? (districts ? (await session.LoadAsync<Districts.HoldHomedElsewhere>(holdId, cancellation))?.Hold : null);
    }

    /// <summary>A hold if the cashier's merchant owns it: for everyone else it does not exist.</summary>
    public static async Task<Hold?> OwnHoldAsync(IQuerySession session, Actor actor, Guid holdId, bool districts, CancellationToken cancellation) =>
        OwnHold(actor, await LoadAsync(session, holdId, districts, cancellation));

    /// <summary>The same, from a hold already at hand.</summary>
    public static Hold? OwnHold(Actor actor, Hold? hold) => hold is not null && actor.ActsFor(hold.MerchantId) ? hold : null;

    /// <summary>The account a hold is on; for a hold that does not exist, the same answer the decider gives another merchant.</summary>
    public static Guid VolunteerOf(Hold? hold, Guid holdId) =>
        hold?.VolunteerId ?? throw new LedgerRefusal(RefusalCodes.NotFound, $"Hold {holdId} was not found.");
}
