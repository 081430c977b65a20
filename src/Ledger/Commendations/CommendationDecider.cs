using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Commendations;

/// <summary>
/// Staff of a community (or a city admin) grant a volunteer a commendation (嘉许): a title, a reason, the day it was
/// awarded (not after today, China time) and the body that grants it; a city admin may grant in the city's name (no
/// community). Whoever may grant it may withdraw it, with a reason, once. Whoever may not see a commendation
/// (<see cref="CommendationVisibility"/>) is answered as for a missing one, and only those who may grant in a community
/// learn whether an id is taken.
/// </summary>
public static class CommendationDecider
{
    /// <summary>Grants the commendation; <paramref name="volunteer"/> is the account of the volunteer named, as the host found it (null: none).</summary>
    public static CommendationGranted Grant(GrantCommendation command, Commendation? state, VolunteerAccount? volunteer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        // Permission first: only those who may grant here learn whether an id is taken.
        RequireGrantor(command.Actor, command.CommunityId);
        if (state is not null)
        {
            throw new LedgerRefusal(RefusalCodes.AlreadyExists, $"Commendation {command.CommendationId} already exists.");
        }

        if (volunteer is null || volunteer.Id != command.VolunteerId)
        {
            throw new LedgerRefusal(RefusalCodes.VolunteerNotFound, $"Volunteer {command.VolunteerId} was not found.");
        }

        if (command.Actor.PersonId == command.VolunteerId)
        {
            throw new LedgerRefusal(RefusalCodes.Forbidden, "Nobody commends themself: another member of staff (or a city admin) grants it.");
        }

        var title = TextLimits.Required(command.Title, "title", TextLimits.Name, RefusalCodes.InvalidInput, "A commendation has a title.");
        var reason = TextLimits.Required(command.Reason, "reason", TextLimits.Reason, RefusalCodes.ReasonRequired, "A reason is required to grant a commendation.");
        var grantingBody = TextLimits.Required(
            command.GrantingBody, "grantingBody", TextLimits.Name, RefusalCodes.InvalidInput, "A commendation names the body that grants it.");
        var today = ChinaTime.DayOf(now);
        if (command.AwardedOn > today)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidInput,
                $"The commendation is awarded on {command.AwardedOn:yyyy-MM-dd}, after today ({today:yyyy-MM-dd}, China time): only an honour already awarded is recorded.");
        }

        return new CommendationGranted(
            command.CommendationId, command.VolunteerId, command.CommunityId, title, reason, command.AwardedOn, grantingBody, command.Actor.PersonId, now);
    }

    public static CommendationEvent[] Decide(CommendationCommand command, Commendation? state, DateTimeOffset now) =>
        (command, state) switch
        {
            (GrantCommendation, _) => throw new InvalidOperationException($"{nameof(GrantCommendation)} is decided by its own rule ({nameof(Grant)}): it reads the volunteer's account."),
            (_, null) => throw NotFound(command.CommendationId),
            (_, _) when !state.IsVisibleTo(command.Actor) => throw NotFound(command.CommendationId),
            (WithdrawCommendation withdraw, _) => [Withdraw(withdraw, state, now)],
            _ => throw new InvalidOperationException($"No rule decides {command.GetType().Name}."),
        };

    private static CommendationWithdrawn Withdraw(WithdrawCommendation command, Commendation commendation, DateTimeOffset now)
    {
        RequireGrantor(command.Actor, commendation.CommunityId);
        if (commendation.Withdrawal is { } withdrawn)
        {
            throw LedgerRefusal.NamingTimes(RefusalCodes.AlreadyRevoked, $"The commendation was already withdrawn at {withdrawn.WithdrawnAt}.");
        }

        var reason = TextLimits.Required(command.Reason, "reason", TextLimits.Reason, RefusalCodes.ReasonRequired, "A reason is required to withdraw a commendation.");
        return new CommendationWithdrawn(commendation.Id, reason, command.Actor.PersonId, now);
    }

    private static void RequireGrantor(Actor actor, Guid? communityId)
    {
        if (!CommendationVisibility.MayGrant(actor, communityId))
        {
            throw new LedgerRefusal(RefusalCodes.NotStaffOfCommunity, communityId is null
                ? "Only a city admin grants or withdraws a commendation in the city's name; staff grant in the name of their community."
                : "Only staff of the granting community (or a city admin) may grant or withdraw a commendation.");
        }
    }

    /// <summary>The answer for a missing commendation, and for one the caller may not see.</summary>
    private static LedgerRefusal NotFound(Guid commendationId) => new(RefusalCodes.NotFound, $"Commendation {commendationId} was not found.");
}
