using System.Security.Claims;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.GraphQL;

/// <summary>
/// Who is asking, from the authenticated user's claims: <c>sub</c> (the person's id), <c>role</c>
/// (<c>volunteer</c>, <c>staff</c>, <c>merchant</c> or <c>city_admin</c>) and <c>community</c> (repeated: the
/// communities a staff member serves), <c>merchant</c> (the merchant a cashier's till acts for; required for the
/// merchant role) and <c>district</c> (the district a <c>district_admin</c> reads; required for that role and only for it). Whoever authenticated the user vouches for these claims; nothing here reads a
/// header.
/// </summary>
public static class ActorFromClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Community = "community";
    public const string Merchant = "merchant";
    public const string District = "district";

    /// <summary>
    /// The actor, or <see langword="null"/> for an anonymous caller (not authenticated, or claims that do not name a
    /// person and a known role). The <c>system</c> role is never taken from claims: only the service itself acts as it.
    /// </summary>
    public static Actor? From(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        // A JWT handler that maps inbound claims renames sub and role; accept both spellings.
        var subject = user.FindFirst(Subject)?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        var role = user.FindFirst(Role)?.Value ?? user.FindFirst(ClaimTypes.Role)?.Value;
        if (!Guid.TryParse(subject, out var personId) || personId == Guid.Empty || RoleOf(role) is not { } actorRole)
        {
            return null;
        }

        var communities = new SortedSet<Guid>();
        foreach (var claim in user.FindAll(Community))
        {
            if (!Guid.TryParse(claim.Value, out var communityId))
            {
                return null;
            }

            communities.Add(communityId);
        }

        Guid? merchantId = null;
        if (actorRole == ActorRole.Merchant)
        {
            if (!Guid.TryParse(user.FindFirst(Merchant)?.Value, out var merchant) || merchant == Guid.Empty)
            {
                return null;
            }

            merchantId = merchant;
        }

        var district = user.FindFirst(District)?.Value;
        if ((actorRole == ActorRole.DistrictAdmin) != !string.IsNullOrWhiteSpace(district))
        {
            return null;
        }

        // Sorted, so that the same claims always give the same actor (the command's idempotency hash includes it).
        return new Actor(personId, actorRole, communities.ToHashSet(), merchantId, actorRole == ActorRole.DistrictAdmin ? district : null);
    }

    private static ActorRole? RoleOf(string? role) => role switch
    {
        "volunteer" => ActorRole.Volunteer,
        "staff" => ActorRole.Staff,
        "merchant" => ActorRole.Merchant,
        "city_admin" => ActorRole.CityAdmin,
        "district_admin" => ActorRole.DistrictAdmin,
        _ => null,
    };
}
