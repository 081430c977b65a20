using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Ledger.Slots;

namespace TimeBank.Api.Slots;

/// <summary>The ledger's <see cref="DeclareSkill"/>.</summary>
public static class DeclareSkillHandler
{
    public static Task<Accepted> Handle(DeclareSkill command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        VolunteerSkillsWrites.DecideAsync(command, session, clock, cancellation);
}

public static class DeclareSkillField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<SkillInputType, SkillInput, VolunteerSkillsPayloadType, DeclareSkill, VolunteerSkills>(
            "declareSkill", "A registered volunteer declares a skill of theirs (trimmed, in lower case); declaring it again changes nothing. "
                + "The board lists it, with their volunteer number and masked name, once they have any skill. Refusals: `FORBIDDEN` (another's skills), "
                + "`VOLUNTEER_NOT_FOUND`, `INVALID_INPUT` (blank, or more than 20 skills), `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new DeclareSkill(i.VolunteerId ?? actor.PersonId, i.Skill, actor)),
            VolunteerSkillsPayloadType.LoadAsync);
}
