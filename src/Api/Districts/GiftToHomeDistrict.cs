using Marten;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using Wolverine;

namespace TimeBank.Api.Districts;

/// <summary>
/// A gift given in <paramref name="GivenIn"/> to a relative whose account lives in <paramref name="HomeDistrict"/> (ADR
/// 0047): the giver's account already gave it (into transit), in the transaction that sent this message from its outbox,
/// through <see cref="DistrictCredits.Queue"/>, stamped with the receiver's home district as tenant.
/// </summary>
/// <param name="Gift">The receiver's side, exactly as <see cref="VolunteerAccountDecider.ReceivingOf"/> makes it; its transfer id makes it idempotent.</param>
public sealed record GiftToHomeDistrict(ReceiveTransfer Gift, string GivenIn, string HomeDistrict);

/// <summary>
/// The receiver's home district decides the gift's arrival on the account, under its lock, in its own transaction with
/// the inbox's "handled" mark: received once (a second delivery credits nothing), or refused by its rules (the
/// receiver's cap under this district's policy; no account here), and then the gift goes back to the giver's district
/// from this outbox, in the same transaction (<see cref="ReturnGift"/>).
/// </summary>
public static class GiftToHomeDistrictHandler
{
    public static async Task Handle(
        GiftToHomeDistrict message, IDocumentSession session, PolicyBook policies, DistrictSettings districts, IMessageBus bus, TimeProvider clock,
        CancellationToken cancellation)
    {
        if (!await HomeDistrict.ArrivedAsync(message, message.HomeDistrict, session, districts, bus))
        {
            return;
        }

        var gift = message.Gift;
        var back = new DeliveryOptions { TenantId = message.GivenIn };
        var account = await session.Events.FetchForExclusiveWriting<VolunteerAccount>(gift.VolunteerId, cancellation);
        if (account.Aggregate is not { } receiver)
        {
            // The city directory names this district, and the account is not here: nothing can take the gift in.
            await bus.PublishAsync(
                new ReturnGift(gift.FromGiver!.Value, gift.TransferId, gift.VolunteerId, gift.TimeCredits, gift.Year, RefusalCodes.VolunteerNotFound), back);
            return;
        }

        var policy = await policies.ForCommunityAsync(session, receiver.HomeCommunityId, cancellation);
        var arrival = VolunteerAccountDecider.Arrive(gift, receiver, policy, clock.GetUtcNow());
        account.AppendMany(arrival);
        foreach (var turnedBack in arrival.OfType<GiftTurnedBack>())
        {
            await bus.PublishAsync(VolunteerAccountDecider.ReturnOf(turnedBack, gift.Year), back);
        }
    }
}

/// <summary>
/// The giver's district takes back a gift the receiver's district refused (ADR 0047): the ledger's <see cref="ReturnGift"/>,
/// a durable message; decided on the giver's account under its lock, once per transfer (a second delivery returns nothing).
/// </summary>
public static class ReturnGiftHandler
{
    public static async Task Handle(ReturnGift message, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(session);
        var giver = await session.Events.FetchForExclusiveWriting<VolunteerAccount>(message.VolunteerId, cancellation);
        giver.AppendMany(VolunteerAccountDecider.TakeBack(message, giver.Aggregate, clock.GetUtcNow()));
    }
}
