using GraphQL;
using GraphQL.Types;
using Marten;
using TimeBank.Api.GraphQL;
using TimeBank.Api.PersonalData;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Needs;

namespace TimeBank.Api.Needs;

/// <summary>
/// A party to a need as staff of its community see it: volunteer number and masked name, nothing else personal (no phone,
/// no ID number). The masked name is null once the member's personal information was erased.
/// </summary>
public sealed record NeedParty(string? VolunteerNumber, string? MaskedName);

/// <summary>The resident and the volunteer of each need of a list, read in one go (profiles, then names).</summary>
public sealed record NeedParties(IReadOnlyDictionary<Guid, NeedParty> ById)
{
    public static NeedParties None { get; } = new(new Dictionary<Guid, NeedParty>());

    public NeedParty? Of(Guid? personId) => personId is { } id && ById.TryGetValue(id, out var party) ? party : null;

    /// <summary>Staff of the need's community and city admins see who its parties are (masked); nobody else, here.</summary>
    public static bool MaySee(Actor actor, Need need) => actor.MayActIn(need.CommunityId);

    public static async Task<NeedParties> ReadAsync(IQuerySession session, PersonalDataVault vault, IEnumerable<Need> needs, CancellationToken cancellation)
    {
        var ids = needs.SelectMany(n => n.VolunteerId is { } v ? new[] { n.ResidentId, v } : [n.ResidentId]).Distinct().ToArray();
        if (ids.Length == 0)
        {
            return None;
        }

        var profiles = await session.LoadManyAsync<VolunteerProfile>(cancellation, ids);
        var names = await vault.ReadNamesAsync(session, profiles, cancellation);
        return new NeedParties(profiles.ToDictionary(
            p => p.Id, p => new NeedParty(p.VolunteerNumber, names.TryGetValue(p.Id, out var name) ? Masking.Name(name) : null)));
    }
}

public sealed class NeedPartyType : ObjectGraphType<NeedParty>
{
    public NeedPartyType()
    {
        Name = "NeedParty";
        Description = "The resident or the volunteer of a need, as staff of its community see them: volunteer number and masked name only.";
        Field<StringGraphType>("volunteerNumber").Description("The member's volunteer number (志愿者编号).").Resolve(c => c.Source.VolunteerNumber);
        Field<StringGraphType>("maskedName").Description("The family name, the rest hidden (张**). Null once the member's personal information was erased.")
            .Resolve(c => c.Source.MaskedName);
    }
}

/// <summary>The need's <c>resident</c> and <c>volunteer</c> fields: preloaded by a staff list, else read for the one need.</summary>
public static class NeedPartyFields
{
    public static async Task<NeedParty?> ResolveAsync(IResolveFieldContext<NeedView> context, Guid? personId)
    {
        var view = context.Source;
        if (personId is null || !NeedParties.MaySee(context.RequireActor(), view.Need))
        {
            return null;
        }

        var parties = view.Parties ?? await NeedParties.ReadAsync(context.Service<IQuerySession>(), context.Service<PersonalDataVault>(), [view.Need], context.CancellationToken);
        return parties.Of(personId);
    }
}
