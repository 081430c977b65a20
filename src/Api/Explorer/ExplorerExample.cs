using System.Globalization;
using TimeBank.Api.GraphQL;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Explorer;

/// <summary>A query the explorer opens with, and its variables filled in for the caller.</summary>
public sealed record ExplorerExample(string Role, string Query, IReadOnlyDictionary<string, string> Variables);

/// <summary>
/// <c>GET /explorer/example</c>: the explorer's first query for the signed-in role, from the same bearer token the page sends
/// to /graphql (the page asks again whenever its Authorization header changes). The variables come from the token's own
/// claims and the date, so the example runs as it is: a volunteer's own account and history, staff's queue of records
/// awaiting verification, a cashier's statement of the last 30 days, an admin's communities. It reads nothing from the
/// database: only the token (already checked by the authentication middleware) and the clock.
/// </summary>
public static class ExplorerExamples
{
    public const string Path = ExplorerEndpoints.Path + "/example";

    /// <summary>The days a cashier's example statement covers, today (UTC) included.</summary>
    public const int StatementDays = 30;

    public const string SignIn = """
        # Welcome to TimeBank's GraphQL explorer.
        # Sign in: put {"Authorization": "Bearer <token>"} in the Headers tab below
        # (a demo token: dotnet run --project src/Api -v q -- token volunteer|staff|merchant|admin).
        # The explorer then opens with an example for your role. Without a token every field answers UNAUTHENTICATED.
        query Me {
          me {
            personId
            role
          }
        }
        """;

    public const string Volunteer = """
        # Your own account and its latest changes: `me` finds the account without its UUID.
        query MyAccount($volunteerId: ID!) {
          me {
            person { name maskedPhone }
            account {
              volunteerNumber
              serviceHours
              timeCredits
              availablePoints
              starLevel
              nextPointsExpiryAt
              homeCommunity { name }
            }
          }
          history(volunteerId: $volunteerId, first: 10) {
            edges { node { kind serviceMinutes timeCredits points at serviceRecord { projectName } merchantId } }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    public const string Staff = """
        # The records of your community awaiting verification, oldest service first.
        # Verify them with verifyServiceRecords(input: {commandId, recordIds}).
        query AwaitingVerification($communityId: ID!) {
          me { communities { communityId name } }
          recordsAwaitingVerification(communityId: $communityId, first: 20) {
            edges {
              node {
                recordId
                projectName
                startedAt
                minutesServed
                content
                volunteer { volunteerNumber person { name } }
              }
            }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    /// <summary>Staff whose token names no community: there is no queue to show, only who they are.</summary>
    public const string StaffWithoutCommunity = """
        # Your token names no community (its `community` claims): staff act only in the communities it names.
        query Me {
          me { personId role communities { communityId name } }
        }
        """;

    public const string Merchant = """
        # Your merchant and what it redeemed and refunded over the last 30 UTC days.
        query Statement($merchantId: ID!, $from: DateOnly!, $to: DateOnly!) {
          me { merchant { name status } }
          settlementStatement(merchantId: $merchantId, from: $from, to: $to) {
            redeemed
            refunded
            net
            days { date redeemed refunded net }
          }
        }
        """;

    public const string CityAdmin = """
        # Every community of the city, 20 at a time: pass pageInfo.endCursor as `after` for the next page.
        query Communities {
          communities(first: 20) {
            edges { node { communityId name street district projects(first: 5) { edges { node { name category } } } } }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    /// <summary>Every example a caller may be given (the schema tests validate each against the schema).</summary>
    public static IReadOnlyList<string> All { get; } = [SignIn, Volunteer, Staff, StaffWithoutCommunity, Merchant, CityAdmin];

    public static IEndpointRouteBuilder MapExplorerExample(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext http, TimeProvider clock) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Json(For(ActorFromClaims.From(http.User), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
        }).ExcludeFromDescription();
        return app;
    }

    /// <summary>The example for this caller (none: not signed in) on UTC day <paramref name="today"/>.</summary>
    public static ExplorerExample For(Actor? actor, DateOnly today) => actor switch
    {
        null => new("anonymous", SignIn, Empty),
        { Role: ActorRole.Volunteer } => new("volunteer", Volunteer, Of(("volunteerId", Id(actor.PersonId)))),
        { Role: ActorRole.Staff } when actor.Communities.Order().FirstOrDefault() is var community && community != Guid.Empty =>
            new("staff", Staff, Of(("communityId", Id(community)))),
        { Role: ActorRole.Staff } => new("staff", StaffWithoutCommunity, Empty),
        { Role: ActorRole.Merchant, MerchantId: { } merchantId } => new("merchant", Merchant, Of(
            ("merchantId", Id(merchantId)),
            ("from", Day(today.AddDays(1 - StatementDays))),
            ("to", Day(today)))),
        { Role: ActorRole.CityAdmin } => new("city_admin", CityAdmin, Empty),
        _ => new("anonymous", SignIn, Empty),
    };

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private static IReadOnlyDictionary<string, string> Of(params (string Name, string Value)[] variables) =>
        variables.ToDictionary(v => v.Name, v => v.Value);

    private static string Id(Guid id) => id.ToString();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
