using TimeBank.Ledger.Slots;

namespace TimeBank.Projections.Slots;

/// <summary>Volunteers' skills, the board's resource of who can help. Inline: one small document per volunteer, read back by its own mutations.</summary>
public sealed class VolunteerSkillsProjection() : AggregateProjection<VolunteerSkills, VolunteerSkillsEvent>(VolunteerSkills.Evolve);
