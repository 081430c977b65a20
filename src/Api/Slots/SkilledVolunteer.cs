using GraphQL.Types;
using TimeBank.Api.GraphQL;
using TimeBank.Ledger.Slots;

namespace TimeBank.Api.Slots;

/// <summary>A volunteer as the board of skills shows them: volunteer number, masked name, skills; nothing else.</summary>
public sealed record SkilledVolunteer(Guid Id, string? VolunteerNumber, string? MaskedName, IReadOnlyList<VolunteerSkill> Skills);

public sealed class SkilledVolunteerType : ObjectGraphType<SkilledVolunteer>
{
    public SkilledVolunteerType()
    {
        Name = "SkilledVolunteer";
        Description = "A volunteer who can help, as the board shows them: volunteer number and masked name only.";
        Field<NonNullGraphType<StringGraphType>>("volunteerNumber").Description("The volunteer number.").Resolve(c => c.Source.VolunteerNumber);
        Field<StringGraphType>("maskedName").Description("The name, masked (张**); null once erased.").Resolve(c => c.Source.MaskedName);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<VolunteerSkillType>>>>("skills").Description("Their skills.").Resolve(c => c.Source.Skills);
    }
}

public sealed class SkilledVolunteerEdgeType() : EdgeGraphType<SkilledVolunteerType, SkilledVolunteer>("SkilledVolunteer");

public sealed class SkilledVolunteerConnectionType() : ConnectionGraphType<SkilledVolunteerEdgeType, SkilledVolunteer>("SkilledVolunteer");
