using GraphQL.Types;
using Marten;
using TimeBank.Api.Accounts;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Gifts;

namespace TimeBank.Api.Gifts;

/// <summary>
/// A member donates time credits to a community's pool: the ledger's <see cref="DonateTimeCredits"/> on the donor's
/// account, and the pool's side (<see cref="ReceiveDonation"/>) in the same transaction. The donor's account is locked
/// before the pool, as every writer that takes both does.
/// </summary>
public static class DonateTimeCreditsHandler
{
    public static async Task<Accepted> Handle(DonateTimeCredits command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var batch = session.CreateBatchQuery();
        var donorFetch = batch.Events.FetchForExclusiveWriting<VolunteerAccount>(command.VolunteerId);
        var communityLoad = batch.Load<Community>(command.CommunityId);
        await batch.Execute(cancellation);
        var donor = await donorFetch;
        var events = VolunteerAccountDecider.Donate(command, donor.Aggregate, await communityLoad is not null, now);
        donor.AppendMany(events);
        foreach (var donated in events.OfType<TimeCreditsDonated>())
        {
            var pool = await session.Events.FetchForExclusiveWriting<CommunityPool>(CommunityPool.StreamIdOf(donated.CommunityId), cancellation);
            pool.AppendMany(CommunityPoolDecider.Decide(
                new ReceiveDonation(donated.CommunityId, donated.TransferId, donated.VolunteerId, donated.TimeCredits), pool.Aggregate, Ledger.Policies.LedgerPolicy.Default, now));
        }

        return new Accepted(command.VolunteerId);
    }
}

public static class DonateTimeCreditsField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<DonateTimeCreditsInputType, DonateTimeCreditsInput, AccountPayloadType, VolunteerAccount>(
            "donateTimeCredits", "The signed-in member donates time credits (minutes) to the pool of any community of the city; its staff grant from it to "
                + "residents in need. Refusals: `FORBIDDEN` (not a volunteer), `VOLUNTEER_NOT_FOUND`, `NOT_FOUND` (no such community), `INVALID_AMOUNT`, "
                + "`INSUFFICIENT_TIME_CREDITS`.",
            (actor, i) => Idempotent.Of(i.CommandId, new DonateTimeCredits(actor.PersonId, i.CommandId, i.CommunityId, Amounts.MinutesIn(i.TimeCredits, "timeCredits"), actor)),
            AccountPayloadType.LoadAsync);
}

public sealed class DonateTimeCreditsInput
{
    public Guid CommandId { get; init; }
    public Guid CommunityId { get; init; }
    public int TimeCredits { get; init; }
}

public sealed class DonateTimeCreditsInputType : InputObjectGraphType<DonateTimeCreditsInput>
{
    public DonateTimeCreditsInputType()
    {
        Name = "DonateTimeCreditsInput";
        Description = "A donation of time credits to a community's pool. The command id is also the donation's (transfer's) id.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The community whose pool receives it (any community of the city).");
        Field<NonNullGraphType<IntGraphType>>("timeCredits").Description("How many minutes of time credits; at least 1 (`INVALID_AMOUNT`).");
    }
}
