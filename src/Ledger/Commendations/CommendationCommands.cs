using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Commendations;

public abstract record CommendationCommand(Guid CommendationId, Actor Actor) : IActorCommand;

/// <summary>
/// Staff of a community (or a city admin) commend a volunteer (嘉许): <paramref name="CommunityId"/> is the granting
/// community; a city admin may leave it out to grant in the city's name.
/// </summary>
public sealed record GrantCommendation(
    Guid CommendationId, Guid VolunteerId, Guid? CommunityId, string Title, string Reason, DateOnly AwardedOn, string GrantingBody, Actor Actor)
    : CommendationCommand(CommendationId, Actor);

/// <summary>Whoever may grant the commendation withdraws it, with a reason.</summary>
public sealed record WithdrawCommendation(Guid CommendationId, string Reason, Actor Actor) : CommendationCommand(CommendationId, Actor);
