using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Ledger.Slots;

namespace TimeBank.Api.Slots;

/// <summary>The ledger's <see cref="WithdrawSkill"/>.</summary>
public static class WithdrawSkillHandler
{
    public static Task<Accepted> Handle(WithdrawSkill command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        VolunteerSkillsWrites.DecideAsync(command, session, clock, cancellation);
}

public static class WithdrawSkillField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<SkillInputType, SkillInput, VolunteerSkillsPayloadType, WithdrawSkill, VolunteerSkills>(
            "withdrawSkill", "A volunteer no longer offers a skill; its confirmation goes with it. A skill not declared changes nothing. "
                + "Refusals: `FORBIDDEN` (another's skills), `VOLUNTEER_NOT_FOUND`, `INVALID_INPUT`, `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new WithdrawSkill(i.VolunteerId ?? actor.PersonId, i.Skill, actor)),
            VolunteerSkillsPayloadType.LoadAsync);
}
