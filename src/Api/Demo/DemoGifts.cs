using TimeBank.Api.Commands;
using TimeBank.Demo;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Gifts;

namespace TimeBank.Api.Demo;

/// <summary>
/// The demo city's time bank gifts (ADR 0045), through the same commands a client sends, with name-based command ids: in
/// the first communities, a parent and child who confirmed their relation and a gift between them, a married couple,
/// a donation to the pool and a grant from it to a resident in need; the well-known volunteer has a confirmed relative
/// who gave them time credits, and a relation still waiting for them to confirm.
/// </summary>
public static class DemoGifts
{
    private const int Communities = 3;

    /// <summary>Districts mode: the time credits the north member gives their spouse homed in the south.</summary>
    public const int AcrossDistrictsGift = 20;

    /// <summary>
    /// Districts mode: the north member (of the first district's first community) who gives time credits to their spouse
    /// homed in the second district; neither is in another demo gift or relation.
    /// </summary>
    public static (DemoVolunteer Giver, DemoVolunteer Receiver) AcrossDistricts(DemoCast cast)
    {
        ArgumentNullException.ThrowIfNull(cast);
        DemoVolunteer Of(string district)
        {
            var community = cast.Communities.First(c => c.District == district);
            return cast.Volunteers.Where(v => v.HomeCommunityId == community.Id && v.Id != cast.Volunteers[0].Id).Skip(6).First();
        }

        return (Of(cast.Communities[0].District), Of(cast.Communities.First(c => c.District != cast.Communities[0].District).District));
    }

    /// <param name="place">Each community's gifts run in its district (every party of one is of the same community).</param>
    public static async Task SeedAsync(IServiceScopeFactory scopes, DemoPlaces place, ILogger logger, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(place);
        await using var scope = scopes.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<CommandSender>();
        var bus = scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>();
        var cast = DemoCity.Cast;
        var well = cast.Volunteers[0];
        foreach (var community in cast.Communities.Take(Communities))
        {
            var members = cast.Volunteers.Where(v => v.HomeCommunityId == community.Id && v.Id != well.Id).Take(4).ToList();
            if (members.Count < 4)
            {
                continue;
            }

            var staff = Actor.Staff(community.Staff[0], community.Id);
            place.Enter(bus, community.Id);
            await RelatedAsync(members[0].Id, members[1].Id, DirectRelation.Child, staff, confirmedBy: [members[0].Id, members[1].Id]);
            await RelatedAsync(members[2].Id, members[3].Id, DirectRelation.Spouse, staff, confirmedBy: [members[2].Id, members[3].Id]);
            await SendAsync("gift", community.Id, id => new GiveGift(members[0].Id, id, members[1].Id, 60, Actor.Volunteer(members[0].Id)));
            await SendAsync("donation", community.Id, id => new DonateTimeCredits(members[2].Id, id, community.Id, 90, Actor.Volunteer(members[2].Id)));
            await SendAsync("grant", community.Id, id => new GrantFromPool(id, community.Id, members[3].Id, 45, "独居老人术后需要陪护", staff));
        }

        var home = cast.Communities.Single(c => c.Id == well.HomeCommunityId);
        var homeStaff = Actor.Staff(home.Staff[0], home.Id);
        place.Enter(bus, home.Id);
        var relatives = cast.Volunteers.Where(v => v.HomeCommunityId == home.Id && v.Id != well.Id).Skip(4).Take(2).ToList();
        if (relatives.Count == 2)
        {
            await RelatedAsync(relatives[0].Id, well.Id, DirectRelation.Parent, homeStaff, confirmedBy: [well.Id, relatives[0].Id]);
            await SendAsync("gift", well.Id, id => new GiveGift(relatives[0].Id, id, well.Id, 30, Actor.Volunteer(relatives[0].Id)));
            await RelatedAsync(relatives[1].Id, well.Id, DirectRelation.Grandchild, homeStaff, confirmedBy: [relatives[1].Id]);
        }

        if (place.InDistricts)
        {
            await AcrossDistrictsAsync();
        }

        // Districts mode (ADR 0047): a relation between a north and a south member, recorded by the giver's community's staff
        // in the north (the receiver read in the south), confirmed by each at home once its copy got there, and a gift from
        // the north to the south, received there through the district-credits queue, as a client's commands would have it.
        async Task AcrossDistrictsAsync()
        {
            var (giver, receiver) = AcrossDistricts(cast);
            var givers = cast.Communities.Single(c => c.Id == giver.HomeCommunityId);
            var relationId = Relation.IdOf(giver.Id, receiver.Id);
            place.Enter(bus, givers.Id);
            await SendAsync("relation-across", relationId, _ => new RecordRelation(giver.Id, receiver.Id, DirectRelation.Spouse, Actor.Staff(givers.Staff[0], givers.Id)));
            await SendAsync("confirm-" + giver.Id, relationId, _ => new ConfirmRelation(relationId, giver.Id, Actor.Volunteer(giver.Id)));
            place.Enter(bus, receiver.HomeCommunityId);
            await UntilAcceptedAsync("confirm-" + receiver.Id, relationId, _ => new ConfirmRelation(relationId, receiver.Id, Actor.Volunteer(receiver.Id)));
            place.Enter(bus, givers.Id);
            await UntilAcceptedAsync("gift-across", relationId, id => new GiveGift(giver.Id, id, receiver.Id, AcrossDistrictsGift, Actor.Volunteer(giver.Id)));
        }

        // A step that waits for a copy from the other district (the queue's delay): sent again, each attempt under an id
        // of its own (a refusal is remembered under its id), for a while; then left out, and said so.
        async Task UntilAcceptedAsync<TCommand>(string step, Guid about, Func<Guid, TCommand> command)
            where TCommand : IActorCommand
        {
            CommandOutcome outcome = null!;
            for (var attempt = 1; attempt <= 60; attempt++)
            {
                var commandId = NameBasedId.From("demo-gifts", $"{step}-{attempt}", about);
                outcome = await sender.SendAsync(Idempotent.Of(commandId, command(commandId)), cancellation);
                if (outcome.Accepted)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellation);
            }

            logger.LogWarning("The demo city's {Command} across the districts was refused and left out: {Code}", typeof(TCommand).Name, outcome.Code);
        }

        async Task RelatedAsync(Guid member, Guid relative, DirectRelation kind, Actor staff, Guid[] confirmedBy)
        {
            var relationId = Relation.IdOf(member, relative);
            await SendAsync("relation", relationId, _ => new RecordRelation(member, relative, kind, staff));
            foreach (var confirming in confirmedBy)
            {
                await SendAsync("confirm-" + confirming, relationId, _ => new ConfirmRelation(relationId, confirming, Actor.Volunteer(confirming)));
            }
        }

        // A demo step the ledger refuses (a member without the credits) is left out, and said so; the city still starts.
        async Task SendAsync<TCommand>(string step, Guid about, Func<Guid, TCommand> command)
            where TCommand : IActorCommand
        {
            var commandId = NameBasedId.From("demo-gifts", step, about);
            var outcome = await sender.SendAsync(Idempotent.Of(commandId, command(commandId)), cancellation);
            if (!outcome.Accepted)
            {
                logger.LogWarning("The demo city's {Command} was refused and left out: {Code}", typeof(TCommand).Name, outcome.Code);
            }
        }
    }
}
