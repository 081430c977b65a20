using Marten;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Merchants;

namespace TimeBank.Api.Accounts.Redemptions;

/// <summary>
/// The one way a redemption use case changes an account: lock the stream for writing, load the hold and the merchant the
/// decision needs and the policy of the volunteer's home community, decide, append. The merchant is read in
/// <c>merchantSide</c> when it lives in another district than the account (ADR 0048); else in the account's session.
/// </summary>
/// <remarks>
/// The account's stream row is locked until the transaction ends, so requests on one account take turns in PostgreSQL
/// instead of colliding at commit and retrying with back-off. Commands on an existing hold (complete, void, refund) do
/// not come here: they are decided in batches by <see cref="AccountQueues"/>, which takes the same lock.
/// </remarks>
public static class AccountDecisions
{
    public static async Task<(VolunteerAccount? Before, VolunteerAccountEvent[] Events)> DecideAsync(
        IDocumentSession session, PolicyBook policies, VolunteerAccountCommand command, DateTimeOffset now, CancellationToken cancellation,
        IQuerySession? merchantSide = null)
    {
        var stream = await session.Events.FetchForExclusiveWriting<VolunteerAccount>(command.VolunteerId, cancellation);
        var account = stream.Aggregate;
        // Read after the lock, so the hold is as the account's last commit left it.
        var hold = VolunteerAccountDecider.HoldConcerned(command) is { } holdId ? await session.LoadAsync<Hold>(holdId, cancellation) : null;
        var merchant = VolunteerAccountDecider.MerchantConcerned(command, hold) is { } merchantId
            ? await (merchantSide ?? session).LoadAsync<Merchant>(merchantId, cancellation)
            : null;
        var policy = await policies.ForCommunityAsync(session, account?.HomeCommunityId, cancellation);
        var events = VolunteerAccountDecider.Decide(command, account, policy, now, merchant, hold);
        stream.AppendMany(events);
        return (account, events);
    }
}
