namespace TimeBank.Ledger.Commendations;

/// <summary>
/// Events of a commendation's stream (嘉许): an official act granting a volunteer an honour, and its withdrawal. No
/// personal data: the volunteer is their id; the title, reason and granting body are the granting body's words.
/// </summary>
public abstract record CommendationEvent(Guid CommendationId);

/// <summary>
/// <paramref name="GrantingBody"/> commends the volunteer with <paramref name="Title"/> for <paramref name="Reason"/>, awarded
/// on <paramref name="AwardedOn"/> (a day in China time). <paramref name="CommunityId"/> is the community whose staff granted
/// it, or null when a city admin granted it in the city's name.
/// </summary>
[StoredAs("commendation_granted.v1")]
public sealed record CommendationGranted(
    Guid CommendationId, Guid VolunteerId, Guid? CommunityId, string Title, string Reason, DateOnly AwardedOn, string GrantingBody,
    Guid GrantedBy, DateTimeOffset GrantedAt)
    : CommendationEvent(CommendationId);

/// <summary>The commendation is withdrawn, with a reason; it stays in the volunteer's account, marked withdrawn.</summary>
[StoredAs("commendation_withdrawn.v1")]
public sealed record CommendationWithdrawn(Guid CommendationId, string Reason, Guid WithdrawnBy, DateTimeOffset WithdrawnAt)
    : CommendationEvent(CommendationId);
