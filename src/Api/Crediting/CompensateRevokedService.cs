using Marten;
using TimeBank.Api.Hosting;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Crediting;

/// <summary>A revoked record's compensation on its way to the volunteer's account. Applied once: a credit is revoked once.</summary>
public sealed record CompensateRevokedService(Guid VolunteerId, Guid RecordId, string Reason, Guid RevokedBy);

public static class CompensateRevokedServiceHandler
{
    public static async Task Handle(CompensateRevokedService message, IDocumentSession session, PolicyBook policies, TimeProvider clock, CancellationToken cancellation)
    {
        var account = await session.Events.FetchForWriting<VolunteerAccount>(message.VolunteerId, cancellation);
        var credit = account.Aggregate?.Credits.GetValueOrDefault(message.RecordId);
        var policy = await policies.ForCommunityAsync(session, credit?.CommunityId, cancellation);
        account.AppendMany(VolunteerAccountDecider.Decide(
            new RevokeServiceCredit(message.VolunteerId, message.RecordId, message.Reason, message.RevokedBy),
            account.Aggregate, policy, clock.GetUtcNow()));
    }
}
