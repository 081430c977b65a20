using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Slots;

namespace TimeBank.Api.Slots;

/// <summary>The one way the skills commands are decided: the volunteer's account (for the home community) and the skills stream in one round trip.</summary>
public static class VolunteerSkillsWrites
{
    public static async Task<Accepted> DecideAsync(VolunteerSkillsCommand command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(clock);
        var streamId = VolunteerSkills.StreamIdOf(command.VolunteerId);
        var batch = session.CreateBatchQuery();
        var accountLoad = batch.Load<VolunteerAccount>(command.VolunteerId);
        var skillsFetch = batch.Events.FetchForWriting<VolunteerSkills>(streamId);
        await batch.Execute(cancellation);
        var skills = await skillsFetch;
        skills.AppendMany(VolunteerSkillsDecider.Decide(command, skills.Aggregate, (await accountLoad)?.HomeCommunityId, clock.GetUtcNow()));
        return new Accepted(streamId);
    }
}
