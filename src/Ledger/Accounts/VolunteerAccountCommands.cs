using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Accounts;

public abstract record VolunteerAccountCommand(Guid VolunteerId);

public sealed record RegisterVolunteer(Guid VolunteerId, Guid HomeCommunityId, string VolunteerNumber, Actor Actor)
    : VolunteerAccountCommand(VolunteerId);

/// <summary>Post what a verified record earns. Sent by the record's community once staff verified it.</summary>
public sealed record CreditService(
    Guid VolunteerId,
    Guid RecordId,
    Guid CommunityId,
    long MinutesServed,
    string Category,
    int PointsCoefficientPercent,
    bool EarnsTimeCredits) : VolunteerAccountCommand(VolunteerId);

/// <summary>Compensate the credit of a revoked record.</summary>
public sealed record RevokeServiceCredit(Guid VolunteerId, Guid RecordId, string Reason, Guid RevokedBy)
    : VolunteerAccountCommand(VolunteerId);

/// <summary>Expire every lot whose time has come (a scheduled job).</summary>
public sealed record ExpirePoints(Guid VolunteerId) : VolunteerAccountCommand(VolunteerId);

/// <summary>Erase the volunteer's personal information: a city admin or staff of the home community, on request.</summary>
public sealed record ErasePersonalData(Guid VolunteerId, Actor Actor) : VolunteerAccountCommand(VolunteerId);
