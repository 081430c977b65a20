namespace TimeBank.Ledger.Commendations;

/// <summary>
/// A commendation (嘉许) as it stands after its events: granted, and perhaps withdrawn (<see cref="Withdrawal"/>).
/// <see cref="CommunityId"/> is the granting community; null when a city admin granted it in the city's name.
/// </summary>
public sealed record Commendation(
    Guid Id,
    Guid VolunteerId,
    Guid? CommunityId,
    string Title,
    string Reason,
    DateOnly AwardedOn,
    string GrantingBody,
    Guid GrantedBy,
    DateTimeOffset GrantedAt,
    CommendationWithdrawn? Withdrawal = null)
{
    public bool IsWithdrawn => Withdrawal is not null;

    public static Commendation FromGrant(CommendationGranted granted) =>
        new(granted.CommendationId, granted.VolunteerId, granted.CommunityId, granted.Title, granted.Reason, granted.AwardedOn,
            granted.GrantingBody, granted.GrantedBy, granted.GrantedAt);

    public static Commendation? Evolve(Commendation? state, CommendationEvent @event) => (state, @event) switch
    {
        (null, CommendationGranted granted) => FromGrant(granted),
        (null, _) => null,
        (_, CommendationGranted) => state,
        (_, CommendationWithdrawn withdrawn) => state with { Withdrawal = withdrawn },
        _ => throw new UnknownEventException($"{nameof(Commendation)}.{nameof(Evolve)}", @event),
    };
}
