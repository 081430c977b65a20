using GraphQL.Types;
using JasperFx.Events;
using Marten;
using TimeBank.Api.Accounts;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Gifts;

namespace TimeBank.Api.Gifts;

/// <summary>
/// A member gives time credits to a confirmed direct relative: the ledger's <see cref="GiveGift"/>, decided on the giver's
/// account with the relation and the receiver's account; the receiver's side (<see cref="VolunteerAccountDecider.Receive"/>)
/// is appended in the same transaction (ADR 0045). The gift's transfer id is the command id. A relative homed in another
/// district receives it there, through the durable queue, and a refusal there returns it (ADR 0047).
/// </summary>
public static class GiveGiftHandler
{
    public static async Task<Accepted> Handle(
        GiveGift command, IDocumentSession session, PolicyBook policies, TimeProvider clock, CancellationToken cancellation,
        Districts.DistrictSettings districts, Districts.CityDirectory directory, Wolverine.IMessageBus bus)
    {
        var now = clock.GetUtcNow();
        // Both accounts locked until the commit, in the order of their ids as verification locks them: two members giving
        // to each other at once wait for each other instead of deadlocking, and a giver's second gift waits for the first.
        var locks = session.CreateBatchQuery();
        var fetches = new[] { command.VolunteerId, command.ReceiverId }.Distinct().Order()
            .Select(id => (Id: id, Fetch: locks.Events.FetchForExclusiveWriting<VolunteerAccount>(id)))
            .ToList();
        var relationLoad = locks.Load<Relation>(Relation.IdOf(command.VolunteerId, command.ReceiverId));
        await locks.Execute(cancellation);
        var accounts = new Dictionary<Guid, IEventStream<VolunteerAccount>>();
        foreach (var (id, fetch) in fetches)
        {
            accounts[id] = await fetch;
        }

        var giver = accounts[command.VolunteerId];
        var receiver = accounts[command.ReceiverId];
        var policy = await policies.ForCommunityAsync(session, giver.Aggregate?.HomeCommunityId, cancellation);
        if (await Districts.CrossDistrictCredits.HomeElsewhereAsync(directory, command.ReceiverId, receiver.Aggregate, session.TenantId, cancellation) is { } home)
        {
            // The relative is homed in another district (ADR 0047): given here, received there through the durable queue,
            // from this outbox in this transaction; refused there, it comes back (ReturnGift).
            var given = VolunteerAccountDecider.GiveToOtherDistrict(command, giver.Aggregate, await relationLoad, policy, now);
            giver.AppendMany(given);
            foreach (var gift in given.OfType<GiftGiven>())
            {
                await Districts.CrossDistrictCredits.SendHomeAsync(bus, districts, VolunteerAccountDecider.ReceivingOf(gift), session.TenantId, home);
            }

            return new Accepted(command.VolunteerId);
        }

        var events = VolunteerAccountDecider.Give(command, giver.Aggregate, await relationLoad, receiver.Aggregate, policy, now);
        giver.AppendMany(events);
        foreach (var given in events.OfType<GiftGiven>())
        {
            receiver.AppendMany(VolunteerAccountDecider.Receive(VolunteerAccountDecider.ReceivingOf(given), receiver.Aggregate, now));
        }

        return new Accepted(command.VolunteerId);
    }
}

public static class GiveGiftField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<GiveGiftInputType, GiveGiftInput, AccountPayloadType, VolunteerAccount>(
            "giveGift", "The signed-in member gives time credits (minutes) to a direct relative whose relation both confirmed; the receiver's account gets them "
                + "in the same transaction, or, for a relative homed in another district, moments later there: refused there (their cap, no account), the gift "
                + "comes back once (a `GIFT_RETURNED` line of the history, with its `reasonCode`). Gifts of a calendar year (China time) are capped by the district's policy (`giftCapLeft` on the account). "
                + "Time credits never become points, goods or cash. Refusals: `FORBIDDEN` (not a volunteer), `VOLUNTEER_NOT_FOUND`, `GIFT_TO_SELF`, "
                + "`INVALID_AMOUNT`, `NOT_A_RELATIVE` (no relation, or an ended one), `RELATION_NOT_CONFIRMED`, `GIFT_YEARLY_CAP_EXCEEDED`, "
                + "`INSUFFICIENT_TIME_CREDITS` (more than `availableTimeCredits`), `RECEIVER_CAP_EXCEEDED` (the receiver would hold more than the account cap).",
            (actor, i) => Idempotent.Of(i.CommandId, new GiveGift(actor.PersonId, i.CommandId, i.ReceiverId, Amounts.MinutesIn(i.TimeCredits, "timeCredits"), actor)),
            AccountPayloadType.LoadAsync);
}

public sealed class GiveGiftInput
{
    public Guid CommandId { get; init; }
    public Guid ReceiverId { get; init; }
    public int TimeCredits { get; init; }
}

public sealed class GiveGiftInputType : InputObjectGraphType<GiveGiftInput>
{
    public GiveGiftInputType()
    {
        Name = "GiveGiftInput";
        Description = "A gift of time credits to a direct relative. The command id is also the gift's (transfer's) id.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("receiverId").Description("The relative (a volunteer id).");
        Field<NonNullGraphType<IntGraphType>>("timeCredits").Description("How many minutes of time credits; at least 1 (`INVALID_AMOUNT`).");
    }
}
