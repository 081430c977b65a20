using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Ledger.Slots;

namespace TimeBank.Api.Slots;

/// <summary>The ledger's <see cref="ConfirmSkill"/>.</summary>
public static class ConfirmSkillHandler
{
    public static Task<Accepted> Handle(ConfirmSkill command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        VolunteerSkillsWrites.DecideAsync(command, session, clock, cancellation);
}

public static class ConfirmSkillField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<SkillInputType, SkillInput, VolunteerSkillsPayloadType, ConfirmSkill, VolunteerSkills>(
            "confirmSkill", "Staff of the volunteer's home community confirm a skill the volunteer declared (ADR 0043: the community that registered "
                + "them answers for them). Refusals: `NOT_STAFF_OF_COMMUNITY` (also for a volunteer who is not registered), `SKILL_NOT_DECLARED`, "
                + "`INVALID_INPUT`, `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new ConfirmSkill(i.VolunteerId ?? actor.PersonId, i.Skill, actor)),
            VolunteerSkillsPayloadType.LoadAsync);
}
