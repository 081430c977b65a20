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
