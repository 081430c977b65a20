using Marten;
using TimeBank.Api.Gifts;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using Wolverine;

namespace TimeBank.Api.Districts;

/// <summary>
/// A record revoked in <paramref name="ServedIn"/> whose credit went to the volunteer's account in
/// <paramref name="HomeDistrict"/> (ADR 0047): the home account gives it back. Sent from the revoking district's outbox,
/// in the revocation's own transaction, through the same durable queue as the credit.
/// </summary>
/// <param name="Revoke">The ledger's revocation, exactly as a local revoke decides it; its record id makes it idempotent.</param>
/// <param name="ServedIn">The district of the record's community: its policy applies, and its pool gets back what overflowed.</param>
/// <param name="HomeDistrict">The district of the volunteer's account, from the city directory.</param>
public sealed record RevokeHomeCredit(RevokeServiceCredit Revoke, string ServedIn, string HomeDistrict);

/// <summary>The revocation reached the home account before the credit it takes back: it is tried again, the credit being on its way.</summary>
public sealed class CreditNotYetHomeException(Guid recordId, string home)
    : Exception($"Record {recordId} was revoked, but its credit has not reached the account in '{home}' yet; the revocation waits for it.");

/// <summary>
/// The home district compensates the account, in its own transaction with the inbox's "handled" mark. A second delivery
/// takes back nothing: the credit is already marked revoked (the decider's own idempotency).
/// </summary>
public static class RevokeHomeCreditHandler
{
    public static async Task Handle(
        RevokeHomeCredit message, IDocumentSession session, PolicyBook policies, DistrictSettings districts, IMessageBus bus, TimeProvider clock,
        CancellationToken cancellation)
    {
        if (!await HomeDistrict.ArrivedAsync(message, message.HomeDistrict, session, districts, bus))
        {
            return;
        }

        var (account, state) = await HomeDistrict.AccountAsync(session, message.Revoke.VolunteerId, cancellation);
        if (!state.Credits.ContainsKey(message.Revoke.RecordId))
        {
            throw new CreditNotYetHomeException(message.Revoke.RecordId, message.HomeDistrict);
        }

        var compensation = VolunteerAccountDecider.Decide(message.Revoke, state, policies.For(message.ServedIn), clock.GetUtcNow());
        account.AppendMany(compensation);
        await ServingDistrict.TellAsync(bus, compensation, message.ServedIn);
    }
}
