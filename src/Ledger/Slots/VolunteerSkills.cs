using System.Collections.Immutable;
using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Slots;

/// <summary>Events of a volunteer's skills stream (<see cref="VolunteerSkills.StreamIdOf"/>): declared by the volunteer, confirmed by staff.</summary>
public abstract record VolunteerSkillsEvent(Guid VolunteerId);

[StoredAs("skill_declared.v1")]
public sealed record SkillDeclared(Guid VolunteerId, string Skill, DateTimeOffset DeclaredAt) : VolunteerSkillsEvent(VolunteerId);

/// <summary>The volunteer no longer offers the skill (its confirmation goes with it).</summary>
[StoredAs("skill_withdrawn.v1")]
public sealed record SkillWithdrawn(Guid VolunteerId, string Skill, DateTimeOffset WithdrawnAt) : VolunteerSkillsEvent(VolunteerId);

/// <summary>Staff of the volunteer's home community vouch for a declared skill.</summary>
[StoredAs("skill_confirmed.v1")]
public sealed record SkillConfirmed(Guid VolunteerId, string Skill, Guid CommunityId, Guid ConfirmedBy, DateTimeOffset ConfirmedAt)
    : VolunteerSkillsEvent(VolunteerId);

public sealed record VolunteerSkill(string Name, DateTimeOffset DeclaredAt, Guid? ConfirmedBy = null, DateTimeOffset? ConfirmedAt = null)
{
    public bool Confirmed => ConfirmedBy is not null;
}

/// <summary>A volunteer's skills, a resource of the board: nothing personal, only the volunteer's id and what they can do.</summary>
public sealed record VolunteerSkills(Guid Id, Guid VolunteerId, ImmutableList<VolunteerSkill> Skills)
{
    /// <summary>The skills stream of a volunteer: its own stream, apart from the account (whose stream is the volunteer id).</summary>
    public static Guid StreamIdOf(Guid volunteerId) => NameBasedId.From("volunteer-skills", volunteerId);

    public VolunteerSkill? Find(string skill) => Skills.Find(s => s.Name == skill);

    public static VolunteerSkills? Evolve(VolunteerSkills? state, VolunteerSkillsEvent @event)
    {
        var skills = state ?? new VolunteerSkills(StreamIdOf(@event.VolunteerId), @event.VolunteerId, []);
        return @event switch
        {
            SkillDeclared e => skills.Find(e.Skill) is null ? skills with { Skills = skills.Skills.Add(new VolunteerSkill(e.Skill, e.DeclaredAt)) } : skills,
            SkillWithdrawn e => skills with { Skills = skills.Skills.RemoveAll(s => s.Name == e.Skill) },
            SkillConfirmed e => skills with
            {
                Skills = skills.Skills.Select(s => s.Name == e.Skill ? s with { ConfirmedBy = e.ConfirmedBy, ConfirmedAt = e.ConfirmedAt } : s).ToImmutableList(),
            },
            _ => throw new UnknownEventException($"{nameof(VolunteerSkills)}.{nameof(Evolve)}", @event),
        };
    }
}

public abstract record VolunteerSkillsCommand(Guid VolunteerId, string Skill, Actor Actor) : IActorCommand;

/// <summary>A volunteer (the actor) says what they can do.</summary>
public sealed record DeclareSkill(Guid VolunteerId, string Skill, Actor Actor) : VolunteerSkillsCommand(VolunteerId, Skill, Actor);

public sealed record WithdrawSkill(Guid VolunteerId, string Skill, Actor Actor) : VolunteerSkillsCommand(VolunteerId, Skill, Actor);

/// <summary>Staff of the volunteer's home community confirm a declared skill.</summary>
public sealed record ConfirmSkill(Guid VolunteerId, string Skill, Actor Actor) : VolunteerSkillsCommand(VolunteerId, Skill, Actor);

public static class VolunteerSkillsDecider
{
    public const int MaxSkills = 20;

    /// <param name="homeCommunityId">The volunteer's home community, or null when they are not registered.</param>
    public static VolunteerSkillsEvent[] Decide(VolunteerSkillsCommand command, VolunteerSkills? state, Guid? homeCommunityId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        var skill = Skills.Normalize(command.Skill);
        var existing = state?.Find(skill);
        switch (command)
        {
            case DeclareSkill or WithdrawSkill:
                if (command.Actor.PersonId != command.VolunteerId)
                {
                    throw new LedgerRefusal(RefusalCodes.Forbidden, "A volunteer declares and withdraws only their own skills.");
                }

                if (homeCommunityId is null)
                {
                    throw new LedgerRefusal(RefusalCodes.VolunteerNotFound, "Only a registered volunteer declares skills.");
                }

                if (command is WithdrawSkill)
                {
                    return existing is null ? [] : [new SkillWithdrawn(command.VolunteerId, skill, now)];
                }

                if (existing is not null)
                {
                    return [];
                }

                return state is not null && state.Skills.Count >= MaxSkills
                    ? throw new LedgerRefusal(RefusalCodes.InvalidInput, $"A volunteer declares at most {MaxSkills} skills.")
                    : [new SkillDeclared(command.VolunteerId, skill, now)];

            case ConfirmSkill:
                // Unknown volunteer and another community's volunteer are answered alike: nothing is learnt of a stranger.
                if (homeCommunityId is not { } home || !command.Actor.IsStaffOf(home))
                {
                    throw new LedgerRefusal(RefusalCodes.NotStaffOfCommunity, "Only staff of the volunteer's home community confirm their skills.");
                }

                if (existing is null)
                {
                    throw new LedgerRefusal(RefusalCodes.SkillNotDeclared, $"The volunteer has not declared the skill \"{skill}\".");
                }

                return existing.Confirmed ? [] : [new SkillConfirmed(command.VolunteerId, skill, home, command.Actor.PersonId, now)];

            default:
                throw new InvalidOperationException($"No rule decides {command.GetType().Name}.");
        }
    }
}
