using Marten;
using JasperFx.Events;
using TimeBank.Api.Commands;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Needs;
using Wolverine;

namespace TimeBank.Api.Needs;

/// <summary>
/// The one way a command changes a need (ADR 0044): lock the need's stream and the accounts it moves credits on, decide,
/// append the need's and both accounts' events in one transaction. A new need schedules its expiry in that transaction.
/// </summary>
/// <remarks>
/// Streams are locked as every other writer of an account locks it (<c>FetchForExclusiveWriting</c>, ADR 0027): the need
/// first, then the accounts in id order, so two decisions never wait on each other in a circle. A post locks the
/// resident's account before the (new) need: two posts of one resident take turns, and the second sees the first's escrow.
/// </remarks>
public static class NeedDecisions
{
    public static async Task<Accepted> DecideAsync(
        IDocumentSession session, PolicyBook policies, IMessageBus bus, NeedCommand command, DateTimeOffset now, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(command);
        if (command is PostNeed post)
        {
            return await PostAsync(session, policies, bus, post, now, cancellation);
        }

        // A need that does not exist is refused (or, for an expiry, left alone) without a stream to lock.
        var existing = await session.LoadAsync<Need>(command.NeedId, cancellation);
        if (existing is null)
        {
            NeedDecider.Decide(command, null, null, null, await policies.ForCommunityAsync(session, null, cancellation), now);
            return new Accepted();
        }

        var needStream = await session.Events.FetchForExclusiveWriting<Need>(command.NeedId, cancellation);
        var need = needStream.Aggregate;
        var (residentId, volunteerId) = NeedDecider.AccountsConcerned(command, need);
        var accounts = new Dictionary<Guid, IEventStream<VolunteerAccount>>();
        foreach (var id in new[] { residentId, volunteerId }.OfType<Guid>().Distinct().Order())
        {
            accounts[id] = await session.Events.FetchForExclusiveWriting<VolunteerAccount>(id, cancellation);
        }

        var policy = await policies.ForCommunityAsync(session, need?.CommunityId, cancellation);
        var decision = NeedDecider.Decide(
            command, need, residentId is { } r ? accounts[r].Aggregate : null, volunteerId is { } v ? accounts[v].Aggregate : null, policy, now);
        needStream.AppendMany(decision.Need);
        if (residentId is { } resident)
        {
            accounts[resident].AppendMany(decision.Resident);
        }

        if (volunteerId is { } volunteer)
        {
            accounts[volunteer].AppendMany(decision.Volunteer);

            // A payment above the volunteer's cap went to their home community's pool: its stream learns of it as it learns
            // of a record's overflow (ADR 0045), keyed by the transfer.
            foreach (var paid in decision.Volunteer.OfType<NeedPaymentReceived>().Where(p => p.TimeCreditsToPool > 0))
            {
                await bus.PublishAsync(new TimeBank.Ledger.Gifts.ReceivePoolOverflow(
                    accounts[volunteer].Aggregate!.HomeCommunityId, paid.TransferId, paid.VolunteerId, paid.TimeCreditsToPool));
            }
        }

        return new Accepted([command.NeedId, .. accounts.Keys]);
    }

    private static async Task<Accepted> PostAsync(
        IDocumentSession session, PolicyBook policies, IMessageBus bus, PostNeed post, DateTimeOffset now, CancellationToken cancellation)
    {
        var account = await session.Events.FetchForExclusiveWriting<VolunteerAccount>(post.ResidentId, cancellation);
        var community = await session.LoadAsync<Community>(post.CommunityId, cancellation);
        var needStream = await session.Events.FetchForWriting<Need>(post.NeedId, cancellation);
        var policy = await policies.ForCommunityAsync(session, community?.Id, cancellation);
        var decision = NeedDecider.Decide(post, needStream.Aggregate, account.Aggregate, null, policy, now, community);
        needStream.AppendMany(decision.Need);
        account.AppendMany(decision.Resident);
        foreach (var posted in decision.Need.OfType<NeedPosted>())
        {
            // Durable: stored with the need in this transaction, so it fires once the need is due, across restarts.
            await bus.ScheduleAsync(new ExpireNeed(posted.NeedId), posted.ExpiresAt);
        }

        return new Accepted(post.NeedId, post.ResidentId);
    }
}
