using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.GraphQL.Relay;
using TimeBank.Api.Tests.GraphQL;
using static TimeBank.Api.Tests.Auth.AuthorizationMatrixCity;

namespace TimeBank.Api.Tests.Auth;

/// <summary>
/// Who may do what (PRODUCT.md): every query and mutation of the schema × every kind of caller, each cell stated below
/// and checked against the real host with real tokens. A refusal writes nothing; a NOT_FOUND for something that exists
/// is indistinguishable from the answer for something that does not.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixCity city) : IClassFixture<AuthorizationMatrixCity>
{
    private const string Data = "data";
    private const string Unauthenticated = "UNAUTHENTICATED";
    private const string Forbidden = "FORBIDDEN";
    private const string NotFound = "NOT_FOUND";
    private const string NotStaff = "NOT_STAFF_OF_COMMUNITY";
    private const string VolunteerNotFound = "VOLUNTEER_NOT_FOUND";
    private const string NotCashier = "NOT_CASHIER_OF_MERCHANT";
    private const string NoCertifiableService = "NO_CERTIFIABLE_SERVICE";
    private const string NotSignedUp = "NOT_SIGNED_UP";
    private const string NotParty = "NOT_PARTY_TO_NEED";

    /// <summary>The matrix. Columns: anonymous, volunteer (self), volunteer (another), staff (own community), staff (other community), merchant, city admin.</summary>
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["me"] = [Unauthenticated, Data, Data, Data, Data, Data, Data],
        // Every community to an admin, their own to staff (of any community); volunteers and cashiers find theirs in `me`.
        ["communities"] = [Unauthenticated, Forbidden, Forbidden, Data, Data, Forbidden, Data],
        ["account"] = [Unauthenticated, Data, NotFound, Data, NotFound, NotFound, Data],
        ["history"] = [Unauthenticated, Data, NotFound, Data, NotFound, NotFound, Data],
        ["serviceRecord"] = [Unauthenticated, Data, NotFound, Data, NotFound, NotFound, Data],
        ["node"] = [Unauthenticated, Data, NotFound, Data, NotFound, NotFound, Data],
        ["nodes"] = [Unauthenticated, Data, NotFound, Data, NotFound, NotFound, Data],
        ["recordsAwaitingVerification"] = [Unauthenticated, Forbidden, Forbidden, Data, Forbidden, Forbidden, Data],
        ["registerCommunity"] = [Unauthenticated, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Data],
        ["assignStaff"] = [Unauthenticated, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Data],
        ["publishProject"] = [Unauthenticated, NotStaff, NotStaff, Data, NotStaff, NotStaff, NotStaff],
        ["registerVolunteer"] = [Unauthenticated, NotStaff, NotStaff, Data, NotStaff, NotStaff, Data],
        ["erasePersonalData"] = [Unauthenticated, NotStaff, VolunteerNotFound, Data, VolunteerNotFound, VolunteerNotFound, Data],
        ["submitServiceRecord"] = [Unauthenticated, NotStaff, NotStaff, Data, NotStaff, NotStaff, NotStaff],
        ["verifyServiceRecords"] = [Unauthenticated, NotStaff, NotFound, Data, NotFound, NotFound, NotStaff],
        ["rejectServiceRecord"] = [Unauthenticated, NotStaff, NotFound, Data, NotFound, NotFound, NotStaff],
        ["revokeServiceRecord"] = [Unauthenticated, NotStaff, NotFound, Data, NotFound, NotFound, NotStaff],
        ["contestServiceRecord"] = [Unauthenticated, Data, NotFound, Forbidden, NotFound, NotFound, Forbidden],
        ["amendServiceRecord"] = [Unauthenticated, NotStaff, NotFound, Data, NotFound, NotFound, NotStaff],
        ["merchant"] = [Unauthenticated, NotFound, NotFound, Data, NotFound, Data, Data],
        ["merchants"] = [Unauthenticated, Forbidden, Forbidden, Data, Forbidden, Data, Data],
        ["settlementStatement"] = [Unauthenticated, NotFound, NotFound, Data, NotFound, Data, Data],
        // Where points can be spent: approved merchants' names and communities, to anyone signed in (ADR 0042).
        ["merchantsTakingPoints"] = [Unauthenticated, Data, Data, Data, Data, Data, Data],
        ["registerMerchant"] = [Unauthenticated, NotStaff, NotStaff, Data, NotStaff, NotStaff, Data],
        ["approveMerchant"] = [Unauthenticated, NotFound, NotFound, Data, NotFound, NotStaff, Data],
        ["suspendMerchant"] = [Unauthenticated, NotFound, NotFound, Data, NotFound, NotStaff, Data],
        ["reinstateMerchant"] = [Unauthenticated, NotFound, NotFound, Data, NotFound, NotStaff, Data],
        // Commendations: granted and withdrawn by staff of the granting community (A) or a city admin; read as the account is.
        ["commendations"] = [Unauthenticated, Data, NotFound, Data, NotFound, NotFound, Data],
        ["grantCommendation"] = [Unauthenticated, NotStaff, NotStaff, Data, NotStaff, NotStaff, Data],
        ["withdrawCommendation"] = [Unauthenticated, NotStaff, NotFound, Data, NotFound, NotFound, Data],
        // Certificates: seen by their volunteer, staff of the issuing community (A) and city admins, to anyone else as missing;
        // requested by a volunteer of their own service (V2 has none in A); issued, declined and revoked by staff of A or a
        // city admin; the register and the requests read by them only; verified by anyone, signed in or not.
        ["certificate"] = [Unauthenticated, Data, NotFound, Data, NotFound, NotFound, Data],
        ["certificates"] = [Unauthenticated, Data, Data, Data, Data, Data, Data],
        ["certificateRegister"] = [Unauthenticated, Forbidden, Forbidden, Data, Forbidden, Forbidden, Data],
        ["certificateRequests"] = [Unauthenticated, Forbidden, Forbidden, Data, Forbidden, Forbidden, Data],
        ["bulkIssuance"] = [Unauthenticated, NotFound, NotFound, Data, NotFound, NotFound, Data],
        // KPIs of community A: its staff and city admins (district admins of its district: ReadAccessTests, KpiGraphQLTests).
        ["areaKpis"] = [Unauthenticated, NotFound, NotFound, Data, NotFound, NotFound, Data],
        ["communityKpis"] = [Unauthenticated, Forbidden, Forbidden, Data, Forbidden, Forbidden, Data],
        // Leaderboards: public boards to anyone signed in; a standing, leaving and rejoining only for the volunteer themself.
        ["leaderboard"] = [Unauthenticated, Data, Data, Data, Data, Data, Data],
        ["myStanding"] = [Unauthenticated, Data, Data, Forbidden, Forbidden, Forbidden, Forbidden],
        ["leavePublicBoards"] = [Unauthenticated, Data, Data, Forbidden, Forbidden, Forbidden, Forbidden],
        ["rejoinPublicBoards"] = [Unauthenticated, Data, Data, Forbidden, Forbidden, Forbidden, Forbidden],
        ["verifyCertificate"] = [Data, Data, Data, Data, Data, Data, Data],
        ["verifyCertificateToken"] = [Data, Data, Data, Data, Data, Data, Data],
        ["requestCertificate"] = [Unauthenticated, Data, NoCertifiableService, Forbidden, Forbidden, Forbidden, Forbidden],
        // Red until the product answers a missing certificateId as it answers a hidden one (today INVALID_INPUT vs NOT_FOUND).
        ["issueCertificate"] = [Unauthenticated, NotStaff, NotFound, Data, NotFound, NotFound, Data],
        // A star certificate of V1 (a star in A's district) by A: issued directly by staff of A or a city admin.
        ["issueStarCertificate"] = [Unauthenticated, NotStaff, NotStaff, Data, NotStaff, NotStaff, Data],
        ["declineCertificateRequest"] = [Unauthenticated, NotStaff, NotFound, Data, NotFound, NotFound, Data],
        ["revokeCertificate"] = [Unauthenticated, NotStaff, NotFound, Data, NotFound, NotFound, Data],
        ["startBulkIssuance"] = [Unauthenticated, NotStaff, NotStaff, Data, NotStaff, NotStaff, Data],
        // The love bank: a volunteer asks for their own code (another volunteer gets their own); only a cashier holds, and
        // a hold of the merchant is, for everyone else, a hold that does not exist.
        ["issueRedemptionCode"] = [Unauthenticated, Data, Data, Forbidden, Forbidden, Forbidden, Forbidden],
        ["holdPoints"] = [Unauthenticated, NotCashier, NotCashier, NotCashier, NotCashier, Data, NotCashier],
        ["completeHold"] = [Unauthenticated, NotFound, NotFound, NotFound, NotFound, Data, NotFound],
        ["voidHold"] = [Unauthenticated, NotFound, NotFound, NotFound, NotFound, Data, NotFound],
        ["refundRedemption"] = [Unauthenticated, NotFound, NotFound, NotFound, NotFound, Data, NotFound],
        // Social organizations and service stations: kept and listed by staff of their community (A) and city admins; an
        // existing one is, to anyone else, one that does not exist.
        ["socialOrganizations"] = [Unauthenticated, Forbidden, Forbidden, Data, Forbidden, Forbidden, Data],
        ["serviceStations"] = [Unauthenticated, Forbidden, Forbidden, Data, Forbidden, Forbidden, Data],
        ["registerSocialOrganization"] = [Unauthenticated, NotStaff, NotStaff, Data, NotStaff, NotStaff, Data],
        ["suspendSocialOrganization"] = [Unauthenticated, NotFound, NotFound, Data, NotFound, NotFound, Data],
        ["reinstateSocialOrganization"] = [Unauthenticated, NotFound, NotFound, Data, NotFound, NotFound, Data],
        ["dissolveSocialOrganization"] = [Unauthenticated, NotFound, NotFound, Data, NotFound, NotFound, Data],
        ["registerServiceStation"] = [Unauthenticated, NotStaff, NotStaff, Data, NotStaff, NotStaff, Data],
        ["attestStationHave"] = [Unauthenticated, NotFound, NotFound, Data, NotFound, NotFound, Data],
        ["withdrawStationHave"] = [Unauthenticated, NotFound, NotFound, Data, NotFound, NotFound, Data],
        // The policy in force in A's district: the city office only (district admins of that district: DistrictPolicyTests).
        ["districtPolicy"] = [Unauthenticated, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Data],
        // Time slots (ADR 0043): read by anyone signed in; published, cancelled, checked for others, closed and verified by
        // staff of their community (A) only, as records are; signed up for and withdrawn from by a volunteer for themself,
        // of any community; checked into and out of by a volunteer themself with the slot's code.
        ["slot"] = [Unauthenticated, Data, Data, Data, Data, Data, Data],
        ["projectSlots"] = [Unauthenticated, Data, Data, Data, Data, Data, Data],
        ["mySignUps"] = [Unauthenticated, Data, Data, Data, Data, Data, Data],
        ["slotBoard"] = [Unauthenticated, Data, Data, Data, Data, Data, Data],
        ["volunteersBySkill"] = [Unauthenticated, Data, Data, Data, Data, Data, Data],
        ["mySkills"] = [Unauthenticated, Data, Data, Data, Data, Data, Data],
        ["publishSlot"] = [Unauthenticated, NotStaff, NotStaff, Data, NotStaff, NotStaff, NotStaff],
        ["signUpForSlot"] = [Unauthenticated, Data, Data, VolunteerNotFound, VolunteerNotFound, VolunteerNotFound, VolunteerNotFound],
        ["withdrawFromSlot"] = [Unauthenticated, Data, NotSignedUp, NotSignedUp, NotSignedUp, NotSignedUp, NotSignedUp],
        ["checkInToSlot"] = [Unauthenticated, Data, NotStaff, Data, NotStaff, NotStaff, NotStaff],
        ["checkOutOfSlot"] = [Unauthenticated, Data, NotStaff, Data, NotStaff, NotStaff, NotStaff],
        ["recordNoShow"] = [Unauthenticated, NotStaff, NotStaff, Data, NotStaff, NotStaff, NotStaff],
        ["cancelSlot"] = [Unauthenticated, NotStaff, NotStaff, Data, NotStaff, NotStaff, NotStaff],
        ["verifySlotRecords"] = [Unauthenticated, NotStaff, NotStaff, Data, NotStaff, NotStaff, NotStaff],
        // Skills: declared and withdrawn by the volunteer themself, confirmed by staff of their home community (A).
        ["declareSkill"] = [Unauthenticated, Data, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden],
        ["withdrawSkill"] = [Unauthenticated, Data, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden],
        ["confirmSkill"] = [Unauthenticated, NotStaff, NotStaff, Data, NotStaff, NotStaff, NotStaff],
        // Residents' needs (ADR 0044): a need of V1 in A. Its public view to anyone signed in (the board is public); posted,
        // confirmed and cancelled by V1 or staff of A for them; accepted by another volunteer; disputed by either party; decided by staff of A.
        ["need"] = [Unauthenticated, Data, Data, Data, Data, Data, Data],
        ["myNeeds"] = [Unauthenticated, Data, Data, Data, Data, Data, Data],
        ["needBoard"] = [Unauthenticated, Data, Data, Data, Data, Data, Data],
        // A community's needs, its parties masked: a work queue of its staff (as recordsAwaitingVerification).
        ["communityNeeds"] = [Unauthenticated, Forbidden, Forbidden, Data, Forbidden, Forbidden, Data],
        ["postNeed"] = [Unauthenticated, Data, Forbidden, Data, Forbidden, Forbidden, Data],
        ["acceptNeed"] = [Unauthenticated, "OWN_NEED", Data, Forbidden, Forbidden, Forbidden, Forbidden],
        ["confirmNeed"] = [Unauthenticated, Data, NotParty, Data, NotParty, NotParty, Data],
        ["cancelNeed"] = [Unauthenticated, Data, NotParty, Data, NotParty, NotParty, Data],
        ["disputeNeed"] = [Unauthenticated, Data, Data, Data, NotParty, NotParty, Data],
        ["decideNeedDispute"] = [Unauthenticated, NotStaff, NotStaff, Data, NotStaff, NotStaff, Data],
        // Gifts and the community pool (ADR 0045). A's pool: its balance to anyone signed in (movements to staff of A and city
        // admins only: checked below). Relatives: V1's own list (`myRelatives` is each volunteer's own), V1's read as the account is.
        ["communityPool"] = [Unauthenticated, Data, Data, Data, Data, Data, Data],
        ["myRelatives"] = [Unauthenticated, Data, Data, Forbidden, Forbidden, Forbidden, Forbidden],
        ["relatives"] = [Unauthenticated, Data, NotFound, Data, NotFound, NotFound, Data],
        // A relation of V1 and a fresh volunteer of A: recorded by staff of either member's home community (A) or a city admin;
        // confirmed by each member for themself only (staff included: RELATION_NOT_OWN_SIDE; a stranger names themself and finds
        // no relation of theirs); ended by either member, staff of A or a city admin, and to anyone else it does not exist.
        ["recordRelation"] = [Unauthenticated, NotStaff, NotStaff, Data, NotStaff, NotStaff, Data],
        ["confirmRelation"] = [Unauthenticated, Data, NotFound, "RELATION_NOT_OWN_SIDE", "RELATION_NOT_OWN_SIDE", "RELATION_NOT_OWN_SIDE", "RELATION_NOT_OWN_SIDE"],
        ["endRelation"] = [Unauthenticated, Data, NotFound, Data, NotFound, NotFound, Data],
        // Gifts and donations come from the caller's own account: only a volunteer gives or donates; V2 is no relative of V1's.
        ["giveGift"] = [Unauthenticated, Data, "NOT_A_RELATIVE", Forbidden, Forbidden, Forbidden, Forbidden],
        ["donateTimeCredits"] = [Unauthenticated, Data, Data, Forbidden, Forbidden, Forbidden, Forbidden],
        // A grant from A's pool to a fresh resident: staff of A or a city admin only.
        ["grantFromPool"] = [Unauthenticated, NotStaff, NotStaff, Data, NotStaff, NotStaff, Data],
    };

    public static TheoryData<string, string, string> Cells
    {
        get
        {
            var cells = new TheoryData<string, string, string>();
            foreach (var (operation, row) in Expected)
            {
                for (var i = 0; i < Callers.Length; i++)
                {
                    cells.Add(operation, Callers[i], row[i]);
                }
            }

            return cells;
        }
    }

    [Fact]
    public void The_matrix_covers_every_query_and_mutation_of_the_schema()
    {
        var schema = city.App.Services.GetRequiredService<global::GraphQL.Types.ISchema>();
        schema.Initialize();
        var served = schema.Query.Fields.Select(f => f.Name).Concat(schema.Mutation!.Fields.Select(f => f.Name)).Where(n => !n.StartsWith("__", StringComparison.Ordinal));

        Assert.Equal(served.Order(StringComparer.Ordinal), Expected.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Caller_gets_what_who_may_do_what_allows(string operation, string caller, string expected)
    {
        var target = TargetOf(operation, caller);
        var versionBefore = await StateOfAsync(operation, target);

        var answer = await SendAsync(operation, caller, target);

        if (expected == Data)
        {
            switch (answer.Ok(ResultPath(operation)))
            {
                case JsonArray nodes when operation == "nodes":
                    Assert.Equal([target.ToString()], nodes.Select(node => node!["volunteerId"]!.GetValue<string>()));
                    break;
                case JsonArray commendations when operation == "commendations":
                    Assert.All(commendations, commendation => Assert.Equal(target.ToString(), commendation!["volunteerId"]!.GetValue<string>()));
                    break;
                case JsonArray certificates when operation == "certificates":
                    // All of V1's to V1 and a city admin, the ones of A to its staff, none to anyone else.
                    var listedCertificates = certificates.Select(c => c!["certificateId"]!.GetValue<string>()).ToList();
                    Assert.Equal(caller is VolunteerSelf or StaffOwn or CityAdmin, listedCertificates.Contains(city.ReadCertificate.ToString()));
                    Assert.All(certificates, c => Assert.Equal(target.ToString(), c!["volunteerId"]!.GetValue<string>()));
                    if (caller is not (VolunteerSelf or StaffOwn or CityAdmin))
                    {
                        Assert.Empty(certificates);
                    }

                    break;
                case JsonArray stations when operation == "serviceStations":
                    Assert.Contains(city.StationFor("attestStationHave", caller).ToString(), stations.Select(station => station!["stationId"]!.GetValue<string>()));
                    Assert.All(stations, station => Assert.Equal(target.ToString(), station!["communityId"]!.GetValue<string>()));
                    break;
                case JsonArray relatives when operation is "myRelatives" or "relatives":
                    // V1's read relation to V1, to staff of A and to a city admin; V2 has none with V1's relative.
                    var relations = relatives.Select(r => r!["relationId"]!.GetValue<string>()).ToList();
                    Assert.Equal(caller != VolunteerOther, relations.Contains(TimeBank.Ledger.Gifts.Relation.IdOf(city.V1, city.ReadRelative).ToString()));
                    break;
                case JsonArray skills when operation == "mySkills":
                    // The caller's own skills only: a list (empty for whoever declared none), never another's.
                    Assert.All(skills, skill => Assert.False(string.IsNullOrEmpty(skill!["name"]!.GetValue<string>())));
                    break;
                case JsonArray recordIds:
                    Assert.Equal([target.ToString()], recordIds.Select(id => id!.GetValue<string>()));
                    break;
                case JsonObject me when operation == "me":
                    Assert.Equal(caller switch { VolunteerSelf or VolunteerOther => "VOLUNTEER", StaffOwn or StaffOther => "STAFF", Merchant => "MERCHANT", _ => "CITY_ADMIN" },
                        me["role"]!.GetValue<string>());
                    break;
                case JsonObject connection when operation == "communities":
                    // Staff list exactly the communities they serve; an admin lists A and B among every other.
                    var communities = connection["edges"]!.AsArray().Select(edge => edge!["node"]!["communityId"]!.GetValue<string>()).ToList();
                    Assert.Equal(caller != StaffOther, communities.Contains(city.A.CommunityId.ToString()));
                    Assert.Equal(caller != StaffOwn, communities.Contains(city.B.CommunityId.ToString()));
                    break;
                case JsonObject connection when operation == "merchants":
                    // A cashier sees its own merchant only; staff and admins see every merchant of the community.
                    var listed = connection["edges"]!.AsArray().Select(edge => edge!["node"]!["merchantId"]!.GetValue<string>()).ToList();
                    Assert.Contains(city.CashiersMerchant.ToString(), listed);
                    // registerMerchant's cells may have added merchants to community A before this one ran.
                    if (caller == Merchant)
                    {
                        Assert.Single(listed);
                    }
                    else
                    {
                        Assert.InRange(listed.Count, 1 + (MerchantOperations.Length * (Callers.Length - 1)), 100);
                    }

                    break;
                case JsonObject connection when operation == "merchantsTakingPoints":
                    // The cashier's merchant is approved: everyone signed in finds it among the places to spend points.
                    Assert.Contains(city.CashiersMerchant.ToString(), connection["edges"]!.AsArray().Select(edge => edge!["node"]!["merchantId"]!.GetValue<string>()));
                    break;
                case JsonObject connection when operation == "certificateRegister":
                    Assert.Contains(city.ReadCertificate.ToString(), connection["edges"]!.AsArray().Select(edge => edge!["node"]!["certificateId"]!.GetValue<string>()));
                    break;
                case JsonObject verification when operation is "verifyCertificate" or "verifyCertificateToken":
                    // Anyone learns what the paper shows (V1's data may have been erased by then: the totals still verify).
                    Assert.Equal(city.ReadCertificateNumber, verification["number"]!.GetValue<string>());
                    Assert.Contains(verification["verdict"]!.GetValue<string>(), new[] { "VALID", "PERSON_ERASED" });
                    break;
                case JsonObject standing when operation == "myStanding":
                    // The caller's own line on their home community's board (V1 and V2 live in A).
                    Assert.Equal(city.A.CommunityId.ToString(), standing["communityId"]!.GetValue<string>());
                    var you = Assert.Single(standing["entries"]!.AsArray(), entry => entry!["you"]!.GetValue<bool>());
                    Assert.Equal((await city.App.LoadAsync<TimeBank.Ledger.Accounts.VolunteerAccount>(target))!.VolunteerNumber, you!["volunteerNumber"]!.GetValue<string>());
                    break;
                case JsonObject organization when operation == "registerSocialOrganization":
                    // Its id is its name's in the community, not the one the caller chose.
                    Assert.Equal(city.OrganizationOf(target).ToString(), organization["organizationId"]!.GetValue<string>());
                    break;
                case JsonObject pool when operation is "communityPool" or "grantFromPool":
                    // Everyone signed in sees the balance; who gave and who was granted, only staff of A and city admins.
                    Assert.Equal(city.A.CommunityId.ToString(), pool["communityId"]!.GetValue<string>());
                    Assert.True(pool["balance"]!.GetValue<int>() >= 0);
                    Assert.Equal(caller is StaffOwn or CityAdmin, pool["donated"] is not null);
                    Assert.Equal(caller is StaffOwn or CityAdmin, pool["movements"] is not null);
                    break;
                case JsonObject account when operation is "giveGift" or "donateTimeCredits":
                    // From the caller's own account.
                    Assert.Equal((caller == VolunteerOther ? city.V2 : city.V1).ToString(), account["volunteerId"]!.GetValue<string>());
                    break;
                case JsonObject policy when operation == "districtPolicy":
                    Assert.Equal(Host.TimeBankApp.LowStarDistrict, policy["district"]!.GetValue<string>());
                    break;
                case JsonObject connection when connection.ContainsKey("edges"):
                    Assert.NotNull(connection["edges"]!.AsArray());
                    break;
                case JsonObject thing:
                    Assert.Equal(
                        (operation == "holdPoints" ? Api.Accounts.Redemptions.TillRequests.CommandId(city.MerchantCashier, target) : target).ToString(),
                        (thing["slotId"] ?? thing["recordId"] ?? thing["merchantId"] ?? thing["organizationId"] ?? thing["stationId"] ?? thing["commendationId"] ?? thing["certificateId"] ?? thing["jobId"] ?? thing["communityId"] ?? thing["projectId"] ?? thing["holdId"] ?? thing["volunteerId"] ?? thing["needId"] ?? thing["relationId"])!.GetValue<string>());
                    break;
                default:
                    Assert.Fail("Unexpected answer: " + answer.Body);
                    break;
            }

            return;
        }

        Assert.Equal(expected, answer.Code());
        if (operation == "nodes")
        {
            // Refused as a whole (no data at all), or each id answered as missing.
            Assert.All(answer.At(operation)?.AsArray() ?? [], Assert.Null);
        }
        else
        {
            Assert.Null(answer.At(operation));
        }

        Assert.Equal(versionBefore, await StateOfAsync(operation, target));

        if (expected is NotFound or VolunteerNotFound)
        {
            // Exactly the answer a missing id gets, ids aside.
            var missing = Guid.CreateVersion7();
            var answerForMissing = await SendAsync(operation, caller, missing);
            Assert.Equal(expected, answerForMissing.Code());
            Assert.Equal(WithoutId(answerForMissing.Body, missing), WithoutId(answer.Body, target));
        }
    }

    /// <summary>The answer with the id asked about, as a UUID or as a global id, replaced by a placeholder.</summary>
    private static string WithoutId(string body, Guid id) => body
        .Replace(GlobalId.Of(GlobalId.VolunteerAccount, id), "<id>", StringComparison.Ordinal)
        .Replace(id.ToString(), "<id>", StringComparison.Ordinal);

    /// <summary>What the operation is asked about: an existing thing of V1 or community A, or the id of a thing to create.</summary>
    private Guid TargetOf(string operation, string caller) => operation switch
    {
        "issueRedemptionCode" or "myStanding" or "leavePublicBoards" or "rejoinPublicBoards" => caller == VolunteerOther ? city.V2 : city.V1,
        "leaderboard" => city.A.CommunityId,
        _ when HoldOperations.Contains(operation) => city.HoldFor(operation, caller),
        _ when NeedOperations.Contains(operation) => city.NeedFor(operation, caller),
        "recordRelation" or "confirmRelation" or "endRelation" => TimeBank.Ledger.Gifts.Relation.IdOf(city.V1, city.RelativeFor(operation, caller)),
        "giveGift" or "grantFromPool" => city.RelativeFor(operation, caller),
        "relatives" => city.V1,
        "communityPool" => city.A.CommunityId,
        // Donations go to B's pool, which nothing else writes.
        "donateTimeCredits" => TimeBank.Ledger.Gifts.CommunityPool.StreamIdOf(city.B.CommunityId),
        "account" or "history" or "node" or "nodes" or "erasePersonalData" or "commendations" => city.V1,
        "slot" => city.ReadSlot,
        "projectSlots" => city.A.ProjectId,
        "declareSkill" or "withdrawSkill" or "confirmSkill" => city.V1,
        _ when AuthorizationMatrixCity.SlotOperations.Contains(operation) => city.SlotFor(operation, caller),
        "withdrawCommendation" => city.CommendationFor(caller),
        "certificates" => city.V1,
        "certificate" or "verifyCertificate" or "verifyCertificateToken" => city.ReadCertificate,
        "certificateRegister" or "certificateRequests" or "areaKpis" or "communityKpis" => city.A.CommunityId,
        "bulkIssuance" => city.BulkJob,
        _ when CertificateOperations.Contains(operation) => city.CertificateFor(operation, caller),
        "serviceRecord" => city.ReadRecord,
        "recordsAwaitingVerification" or "assignStaff" or "merchants" or "socialOrganizations" or "serviceStations" or "communityNeeds" => city.A.CommunityId,
        _ when OrganizationOperations.Contains(operation) => city.OrganizationFor(operation, caller),
        _ when StationOperations.Contains(operation) => city.StationFor(operation, caller),
        "merchant" or "settlementStatement" => city.CashiersMerchant,
        _ when RecordOperations.Contains(operation) => city.RecordFor(operation, caller),
        _ when MerchantOperations.Contains(operation) => city.MerchantFor(operation, caller),
        _ => Guid.CreateVersion7(),
    };

    /// <summary>The stream a refused mutation must leave as it was.</summary>
    private Guid? StreamOf(string operation, Guid target) =>
        operation == "registerSocialOrganization" ? city.OrganizationOf(target) :
        operation is "declareSkill" or "withdrawSkill" or "confirmSkill" ? TimeBank.Ledger.Slots.VolunteerSkills.StreamIdOf(target) :
        operation is "slot" or "projectSlots" or "mySignUps" or "slotBoard" or "volunteersBySkill" or "mySkills" ? null :
        operation is "me" or "communities" or "account" or "history" or "serviceRecord" or "recordsAwaitingVerification" or "node" or "nodes"
            or "merchant" or "merchants" or "settlementStatement" or "commendations"
            or "merchantsTakingPoints"
            or "socialOrganizations" or "serviceStations"
            or "certificate" or "certificates" or "certificateRegister" or "certificateRequests" or "bulkIssuance" or "verifyCertificate" or "verifyCertificateToken"
            or "areaKpis" or "communityKpis" or "leaderboard" or "myStanding"
            or "districtPolicy" or "need" or "myNeeds" or "needBoard" or "communityNeeds"
            or "communityPool" or "myRelatives" or "relatives"
            ? null : target;

    /// <summary>
    /// What a refused operation must leave as it was: the stream it names; for the love bank, V1's code and holds (V1's
    /// stream also receives the revocation cells' compensations, so its version is no witness).
    /// </summary>
    private async Task<string> StateOfAsync(string operation, Guid target)
    {
        if (operation is "issueRedemptionCode" or "holdPoints" or "completeHold" or "voidHold" or "refundRedemption")
        {
            var account = (await city.App.LoadAsync<TimeBank.Ledger.Accounts.VolunteerAccount>(city.V1))!;
            await using var session = city.App.Store.QuerySession();
            var holds = await session.Query<TimeBank.Ledger.Accounts.Hold>().Where(h => h.VolunteerId == city.V1).ToListAsync();
            return System.Text.Json.JsonSerializer.Serialize(new { account.Codes, Open = account.Holds.Keys.Order().ToList(), Holds = holds.OrderBy(h => h.HoldId).ToList() });
        }

        if (operation is "leavePublicBoards" or "rejoinPublicBoards")
        {
            // Whether V1 is on the boards and the boards events of V1's stream (its version is no witness, as above).
            await using var session = city.App.Store.QuerySession();
            var events = await session.Events.FetchStreamAsync(city.V1);
            var onBoards = (await city.App.LoadAsync<TimeBank.Ledger.Accounts.VolunteerAccount>(city.V1))!.OnPublicBoards;
            return onBoards + "/" + events.Count(e => e.Data is TimeBank.Ledger.Accounts.PublicBoardsLeft or TimeBank.Ledger.Accounts.PublicBoardsRejoined);
        }

        if (operation == "startBulkIssuance")
        {
            // A job is a document, not a stream: a refused start stores none.
            await using var session = city.App.Store.QuerySession();
            return await session.LoadAsync<TimeBank.Api.Certificates.Bulk.BulkIssuance>(target) is null ? "none" : "a job";
        }

        return (await StreamVersionAsync(StreamOf(operation, target)))?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
    }

    private static string ResultPath(string operation) => operation switch
    {
        "registerCommunity" or "assignStaff" => operation + ".community",
        "publishProject" => operation + ".project",
        "registerVolunteer" or "erasePersonalData" or "leavePublicBoards" or "rejoinPublicBoards" => operation + ".account",
        "verifyServiceRecords" => operation + ".recordIds",
        "submitServiceRecord" or "rejectServiceRecord" or "revokeServiceRecord" or "contestServiceRecord" or "amendServiceRecord" => operation + ".record",
        "registerMerchant" or "approveMerchant" or "suspendMerchant" or "reinstateMerchant" => operation + ".merchant",
        "grantCommendation" or "withdrawCommendation" => operation + ".commendation",
        "registerSocialOrganization" or "suspendSocialOrganization" or "reinstateSocialOrganization" or "dissolveSocialOrganization" => operation + ".organization",
        "registerServiceStation" or "attestStationHave" or "withdrawStationHave" => operation + ".station",
        "requestCertificate" or "issueCertificate" or "issueStarCertificate" or "declineCertificateRequest" or "revokeCertificate" => operation + ".certificate",
        "issueRedemptionCode" => operation + ".redemptionCode",
        "holdPoints" or "completeHold" or "voidHold" or "refundRedemption" => operation + ".hold",
        "publishSlot" => operation + ".slot",
        _ when AuthorizationMatrixCity.SlotOperations.Contains(operation) => operation + ".slot",
        "declareSkill" or "withdrawSkill" or "confirmSkill" => operation + ".skills",
        "postNeed" or "acceptNeed" or "confirmNeed" or "cancelNeed" or "disputeNeed" or "decideNeedDispute" => operation + ".need",
        "recordRelation" or "confirmRelation" or "endRelation" => operation + ".relation",
        "giveGift" or "donateTimeCredits" => operation + ".account",
        "grantFromPool" => operation + ".pool",
        _ => operation,
    };

    private async Task<GraphQLAnswer> SendAsync(string operation, string caller, Guid target)
    {
        // The merchant's till needs the code V1 shows now; nobody else gets that far, and asking for one changes V1.
        var code = operation == "holdPoints" && caller == Merchant ? await city.CodeOfV1Async() : "00000000";
        return await SendAsync(operation, caller, target, code);
    }

    private Task<GraphQLAnswer> SendAsync(string operation, string caller, Guid target, string code)
    {
        var client = new LedgerGraphQLClient(city.App);
        var token = city.TokenOf(caller);
        var commandId = Guid.CreateVersion7();
        var (start, end) = city.SlotOf(target);
        var certifiedDay = city.CertifiedDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return operation switch
        {
            "me" => client.SendAsync(token, "{ me { personId role } }"),
            "communities" => client.SendAsync(token, "{ communities(first: 100) { edges { node { communityId } } } }"),
            "account" => client.SendAsync(token, "query($id: ID!) { account(volunteerId: $id) { volunteerId } }", new { id = target }),
            "history" => client.SendAsync(token, "query($id: ID!) { history(volunteerId: $id) { edges { cursor } } }", new { id = target }),
            "serviceRecord" => client.SendAsync(token, "query($id: ID!) { serviceRecord(id: $id) { recordId } }", new { id = target }),
            "node" => client.SendAsync(token, "query($id: ID!) { node(id: $id) { id ... on VolunteerAccount { volunteerId } } }",
                new { id = GlobalId.Of(GlobalId.VolunteerAccount, target) }),
            "nodes" => client.SendAsync(token, "query($id: ID!) { nodes(ids: [$id]) { id ... on VolunteerAccount { volunteerId } } }",
                new { id = GlobalId.Of(GlobalId.VolunteerAccount, target) }),
            "erasePersonalData" => client.SendAsync(token,
                "mutation($input: ErasePersonalDataInput!) { erasePersonalData(input: $input) { account { volunteerId } } }",
                new { input = new { commandId, volunteerId = target } }),
            "recordsAwaitingVerification" => client.SendAsync(token,
                "query($id: ID!) { recordsAwaitingVerification(communityId: $id) { edges { node { recordId } } } }", new { id = target }),
            "registerCommunity" => client.SendAsync(token,
                "mutation($input: RegisterCommunityInput!) { registerCommunity(input: $input) { community { communityId } } }",
                new { input = new { commandId, communityId = target, name = "矩阵社区", street = "矩阵街道", district = "市南区" } }),
            "assignStaff" => client.SendAsync(token,
                "mutation($input: AssignStaffInput!) { assignStaff(input: $input) { community { communityId } } }",
                new { input = new { commandId, communityId = target, staffId = Guid.CreateVersion7() } }),
            "publishProject" => client.SendAsync(token,
                "mutation($input: PublishProjectInput!) { publishProject(input: $input) { project { projectId } } }",
                new { input = new { commandId, projectId = target, communityId = city.A.CommunityId, name = "读报", category = "elderly", place = "活动室" } }),
            "registerVolunteer" => client.SendAsync(token,
                "mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) { account { volunteerId } } }",
                new { input = new { commandId, volunteerId = target, homeCommunityId = city.A.CommunityId, volunteerNumber = "V-" + target.ToString("N")[^12..], displayName = "矩阵" } }),
            "submitServiceRecord" => client.SendAsync(token,
                "mutation($input: SubmitServiceRecordInput!) { submitServiceRecord(input: $input) { record { recordId } } }",
                new { input = new { commandId, recordId = target, volunteerId = city.V1, projectId = city.A.ProjectId, startedAt = start, endedAt = end, minutesServed = 60, content = "陪伴老人", personInCharge = "张主任" } }),
            "verifyServiceRecords" => client.SendAsync(token,
                "mutation($input: VerifyServiceRecordsInput!) { verifyServiceRecords(input: $input) { recordIds } }",
                new { input = new { commandId, recordIds = new[] { target } } }),
            "rejectServiceRecord" or "revokeServiceRecord" or "contestServiceRecord" => client.SendAsync(token,
                $"mutation($input: {char.ToUpperInvariant(operation[0])}{operation[1..]}Input!) {{ {operation}(input: $input) {{ record {{ recordId }} }} }}",
                new { input = new { commandId, recordId = target, reason = "矩阵测试" } }),
            "amendServiceRecord" => client.SendAsync(token,
                "mutation($input: AmendServiceRecordInput!) { amendServiceRecord(input: $input) { record { recordId } } }",
                new { input = new { commandId, recordId = target, startedAt = start, endedAt = end, minutesServed = 45, content = "陪伴老人", note = "时长更正" } }),
            "merchant" => client.SendAsync(token, "query($id: ID!) { merchant(id: $id) { merchantId } }", new { id = target }),
            "merchants" => client.SendAsync(token,
                "query($id: ID!) { merchants(communityId: $id, first: 100) { edges { node { merchantId } } } }", new { id = target }),
            "merchantsTakingPoints" => client.SendAsync(token, "{ merchantsTakingPoints(first: 100) { edges { node { merchantId name } } } }"),
            "settlementStatement" => client.SendAsync(token,
                "query($id: ID!) { settlementStatement(merchantId: $id, from: \"2026-01-01\", to: \"2026-12-31\") { merchantId net } }", new { id = target }),
            "registerMerchant" => client.SendAsync(token,
                "mutation($input: RegisterMerchantInput!) { registerMerchant(input: $input) { merchant { merchantId } } }",
                new { input = new { commandId, merchantId = target, communityId = city.A.CommunityId, name = "矩阵爱心超市" } }),
            "approveMerchant" or "reinstateMerchant" => client.SendAsync(token,
                $"mutation($input: {char.ToUpperInvariant(operation[0])}{operation[1..]}Input!) {{ {operation}(input: $input) {{ merchant {{ merchantId }} }} }}",
                new { input = new { commandId, merchantId = target } }),
            "suspendMerchant" => client.SendAsync(token,
                "mutation($input: SuspendMerchantInput!) { suspendMerchant(input: $input) { merchant { merchantId } } }",
                new { input = new { commandId, merchantId = target, reason = "矩阵测试" } }),
            "commendations" => client.SendAsync(token, "query($id: ID!) { commendations(volunteerId: $id) { volunteerId } }", new { id = target }),
            "grantCommendation" => client.SendAsync(token,
                "mutation($input: GrantCommendationInput!) { grantCommendation(input: $input) { commendation { commendationId } } }",
                new { input = new { commandId, commendationId = target, volunteerId = city.V1, communityId = city.A.CommunityId, title = "优秀志愿者", reason = "矩阵测试", awardedOn = "2026-01-01", grantingBody = "矩阵街道办事处" } }),
            "withdrawCommendation" => client.SendAsync(token,
                "mutation($input: WithdrawCommendationInput!) { withdrawCommendation(input: $input) { commendation { commendationId } } }",
                new { input = new { commandId, commendationId = target, reason = "矩阵测试" } }),
            "certificate" => client.SendAsync(token, "query($id: ID!) { certificate(certificateId: $id) { certificateId } }", new { id = target }),
            "certificates" => client.SendAsync(token, "query($id: ID!) { certificates(volunteerId: $id) { certificateId volunteerId } }", new { id = target }),
            "certificateRegister" => client.SendAsync(token,
                "query($id: ID!) { certificateRegister(communityId: $id, first: 100) { edges { node { certificateId } } } }", new { id = target }),
            "certificateRequests" => client.SendAsync(token,
                "query($id: ID!) { certificateRequests(communityId: $id, first: 100) { edges { node { certificateId } } } }", new { id = target }),
            "bulkIssuance" => client.SendAsync(token, "query($id: ID!) { bulkIssuance(jobId: $id) { jobId } }", new { id = target }),
            "areaKpis" => client.SendAsync(token, "query($id: ID!) { areaKpis(area: { communityId: $id }) { communityId registered } }", new { id = target }),
            "communityKpis" => client.SendAsync(token,
                "query($id: ID!) { communityKpis(area: { communityId: $id }) { edges { node { communityId } } } }", new { id = target }),
            "leaderboard" => client.SendAsync(token,
                "query($id: ID!) { leaderboard(area: { communityId: $id }, period: \"all\", measure: HOURS, first: 100) { edges { node { rank volunteerNumber } } } }",
                new { id = target }),
            "myStanding" => client.SendAsync(token,
                "{ myStanding(level: COMMUNITY, period: \"all\", measure: HOURS) { communityId rank entries { you volunteerNumber } } }"),
            "leavePublicBoards" or "rejoinPublicBoards" => client.SendAsync(token,
                $"mutation($input: PublicBoardsInput!) {{ {operation}(input: $input) {{ account {{ volunteerId }} }} }}", new { input = new { commandId } }),
            "verifyCertificate" => client.SendAsync(token, "query($number: String!, $code: String!) { verifyCertificate(number: $number, code: $code) { verdict number } }",
                new { number = city.ReadCertificateNumber, code = city.ReadCertificateCode }),
            "verifyCertificateToken" => client.SendAsync(token, "query($token: String!) { verifyCertificateToken(token: $token) { verdict number } }",
                new { token = city.ReadCertificateToken }),
            "requestCertificate" => client.SendAsync(token,
                "mutation($input: RequestCertificateInput!) { requestCertificate(input: $input) { certificate { certificateId } } }",
                new { input = new { commandId, certificateId = target, communityId = city.A.CommunityId, from = certifiedDay, to = certifiedDay } }),
            "issueCertificate" => client.SendAsync(token,
                "mutation($input: IssueCertificateInput!) { issueCertificate(input: $input) { certificate { certificateId } } }",
                new { input = Signatories(commandId, target) }),
            "issueStarCertificate" => client.SendAsync(token,
                "mutation($input: IssueStarCertificateInput!) { issueStarCertificate(input: $input) { certificate { certificateId } } }",
                new { input = new { commandId, certificateId = target, volunteerId = city.V1, communityId = city.A.CommunityId, starLevel = 1,
                    personInCharge = "李主任", handlingOfficer = "赵经办", contact = "0532-8888 8888", notes = "矩阵测试" } }),
            "declineCertificateRequest" => client.SendAsync(token,
                "mutation($input: DeclineCertificateRequestInput!) { declineCertificateRequest(input: $input) { certificate { certificateId } } }",
                new { input = new { commandId, certificateId = target, reason = "矩阵测试" } }),
            "revokeCertificate" => client.SendAsync(token,
                "mutation($input: RevokeCertificateInput!) { revokeCertificate(input: $input) { certificate { certificateId } } }",
                new { input = new { commandId, certificateId = target, category = "ISSUED_IN_ERROR", reason = "矩阵测试" } }),
            "startBulkIssuance" => client.SendAsync(token,
                "mutation($input: StartBulkIssuanceInput!) { startBulkIssuance(input: $input) { jobId } }", new { input = city.BulkIssuanceInput(target) }),
            "issueRedemptionCode" => client.SendAsync(token,
                "mutation($input: IssueRedemptionCodeInput!) { issueRedemptionCode(input: $input) { redemptionCode { volunteerId code } } }",
                new { input = new { commandId } }),
            "holdPoints" => client.SendAsync(token,
                "mutation($input: HoldPointsInput!) { holdPoints(input: $input) { hold { holdId } } }",
                new { input = new { code, amount = 1, tillRequestId = target } }),
            "completeHold" or "voidHold" => client.SendAsync(token,
                $"mutation($input: {char.ToUpperInvariant(operation[0])}{operation[1..]}Input!) {{ {operation}(input: $input) {{ hold {{ holdId }} }} }}",
                new { input = new { commandId, holdId = target } }),
            "refundRedemption" => client.SendAsync(token,
                "mutation($input: RefundRedemptionInput!) { refundRedemption(input: $input) { hold { holdId } } }",
                new { input = new { holdId = target, amount = 1, tillRequestId = Guid.NewGuid() } }),
            "socialOrganizations" => client.SendAsync(token,
                "query($id: ID!) { socialOrganizations(communityId: $id, first: 100) { edges { node { organizationId } } } }", new { id = target }),
            "serviceStations" => client.SendAsync(token, "query($id: ID!) { serviceStations(communityId: $id) { stationId communityId } }", new { id = target }),
            "registerSocialOrganization" => client.SendAsync(token,
                "mutation($input: RegisterSocialOrganizationInput!) { registerSocialOrganization(input: $input) { organization { organizationId } } }",
                new { input = new { commandId, communityId = city.A.CommunityId, name = OrganizationName(target), kind = "OTHER", standing = "FILED", contactRole = "会长" } }),
            "suspendSocialOrganization" or "dissolveSocialOrganization" => client.SendAsync(token,
                $"mutation($input: {char.ToUpperInvariant(operation[0])}{operation[1..]}Input!) {{ {operation}(input: $input) {{ organization {{ organizationId }} }} }}",
                new { input = new { commandId, organizationId = target, reason = "矩阵测试" } }),
            "reinstateSocialOrganization" => client.SendAsync(token,
                "mutation($input: ReinstateSocialOrganizationInput!) { reinstateSocialOrganization(input: $input) { organization { organizationId } } }",
                new { input = new { commandId, organizationId = target } }),
            "registerServiceStation" => client.SendAsync(token,
                "mutation($input: RegisterServiceStationInput!) { registerServiceStation(input: $input) { station { stationId } } }",
                new { input = new { commandId, stationId = target, communityId = city.A.CommunityId, name = "矩阵志愿服务站" } }),
            "attestStationHave" => client.SendAsync(token,
                "mutation($input: AttestStationHaveInput!) { attestStationHave(input: $input) { station { stationId } } }",
                new { input = new { commandId, stationId = target, have = "RULES", attestedOn = "2026-01-01" } }),
            "withdrawStationHave" => client.SendAsync(token,
                "mutation($input: WithdrawStationHaveInput!) { withdrawStationHave(input: $input) { station { stationId } } }",
                new { input = new { commandId, stationId = target, have = "PLACE", reason = "矩阵测试" } }),
            "districtPolicy" => client.SendAsync(token, "query($district: String!) { districtPolicy(district: $district) { district } }",
                new { district = Host.TimeBankApp.LowStarDistrict }),
            "slot" => client.SendAsync(token, "query($id: ID!) { slot(slotId: $id) { slotId } }", new { id = target }),
            "projectSlots" => client.SendAsync(token, "query($id: ID!) { projectSlots(projectId: $id) { edges { node { slotId } } } }", new { id = target }),
            "mySignUps" => client.SendAsync(token, "{ mySignUps { edges { node { slotId } } } }"),
            "slotBoard" => client.SendAsync(token, "{ slotBoard(skill: \"读报\") { edges { node { slotId } } } }"),
            "volunteersBySkill" => client.SendAsync(token, "{ volunteersBySkill(skill: \"急救\") { edges { node { volunteerNumber } } } }"),
            "mySkills" => client.SendAsync(token, "{ mySkills { name confirmed } }"),
            "publishSlot" => client.SendAsync(token, "mutation($input: PublishSlotInput!) { publishSlot(input: $input) { slot { slotId } } }",
                new { input = new { commandId, slotId = target, projectId = city.A.ProjectId, startsAt = DateTimeOffset.UtcNow.AddDays(2),
                    endsAt = DateTimeOffset.UtcNow.AddDays(2).AddHours(1), capacity = 5, personInCharge = "张主任" } }),
            "signUpForSlot" or "withdrawFromSlot" or "cancelSlot" or "verifySlotRecords" => client.SendAsync(token,
                $"mutation($input: {(operation == "cancelSlot" ? "CancelSlotInput" : "SlotInput")}!) {{ {operation}(input: $input) {{ slot {{ slotId }} }} }}",
                operation == "cancelSlot" ? new { input = (object)new { commandId, slotId = target, reason = "矩阵测试" } } : new { input = (object)new { commandId, slotId = target } }),
            "checkInToSlot" or "checkOutOfSlot" or "recordNoShow" => client.SendAsync(token,
                $"mutation($input: AttendanceInput!) {{ {operation}(input: $input) {{ slot {{ slotId }} }} }}",
                new { input = new { commandId, slotId = target, volunteerId = city.SlotDetailsOf(target).Volunteer, code = city.SlotDetailsOf(target).Code } }),
            "declareSkill" or "withdrawSkill" or "confirmSkill" => client.SendAsync(token,
                $"mutation($input: SkillInput!) {{ {operation}(input: $input) {{ skills {{ volunteerId }} }} }}",
                new { input = new { commandId, volunteerId = target, skill = operation == "confirmSkill" ? "急救" : "读报" } }),
            "need" => client.SendAsync(token, "query($id: ID!) { need(id: $id) { needId } }", new { id = target }),
            "myNeeds" => client.SendAsync(token, "{ myNeeds { edges { node { needId } } } }"),
            "needBoard" => client.SendAsync(token, "query($id: ID!) { needBoard(communityId: $id) { edges { node { needId } } } }", new { id = city.A.CommunityId }),
            "communityNeeds" => client.SendAsync(token,
                "query($id: ID!) { communityNeeds(communityId: $id) { edges { node { needId resident { maskedName } } } } }", new { id = target }),
            "postNeed" => client.SendAsync(token,
                "mutation($input: PostNeedInput!) { postNeed(input: $input) { need { needId } } }",
                new { input = new { commandId, needId = target, residentId = city.V1, communityId = city.A.CommunityId, what = "矩阵需求", place = "活动室", startsAt = DateTimeOffset.UtcNow.AddDays(2), minutes = 1 } }),
            "acceptNeed" or "confirmNeed" or "cancelNeed" => client.SendAsync(token,
                $"mutation($input: {char.ToUpperInvariant(operation[0])}{operation[1..]}Input!) {{ {operation}(input: $input) {{ need {{ needId }} }} }}",
                new { input = new { commandId, needId = target } }),
            "disputeNeed" => client.SendAsync(token,
                "mutation($input: DisputeNeedInput!) { disputeNeed(input: $input) { need { needId } } }", new { input = new { commandId, needId = target, reason = "矩阵测试" } }),
            "decideNeedDispute" => client.SendAsync(token,
                "mutation($input: DecideNeedDisputeInput!) { decideNeedDispute(input: $input) { need { needId } } }",
                new { input = new { commandId, needId = target, toVolunteerMinutes = 1, toResidentMinutes = 0, reason = "矩阵测试" } }),
            "communityPool" => client.SendAsync(token,
                "query($id: ID!) { communityPool(communityId: $id) { communityId balance donated movements(first: 5) { kind } } }", new { id = target }),
            "myRelatives" => client.SendAsync(token, "{ myRelatives { relationId } }"),
            "relatives" => client.SendAsync(token, "query($id: ID!) { relatives(volunteerId: $id) { relationId } }", new { id = target }),
            "recordRelation" => client.SendAsync(token,
                "mutation($input: RecordRelationInput!) { recordRelation(input: $input) { relation { relationId } } }",
                new { input = new { commandId, memberId = city.V1, relativeId = city.RelativeFor(operation, caller), kind = "CHILD" } }),
            "confirmRelation" or "endRelation" => client.SendAsync(token,
                $"mutation($input: {char.ToUpperInvariant(operation[0])}{operation[1..]}Input!) {{ {operation}(input: $input) {{ relation {{ relationId }} }} }}",
                new { input = new { commandId, relationId = target } }),
            "giveGift" => client.SendAsync(token,
                "mutation($input: GiveGiftInput!) { giveGift(input: $input) { account { volunteerId } } }",
                new { input = new { commandId, receiverId = target, timeCredits = 1 } }),
            "donateTimeCredits" => client.SendAsync(token,
                "mutation($input: DonateTimeCreditsInput!) { donateTimeCredits(input: $input) { account { volunteerId } } }",
                new { input = new { commandId, communityId = city.B.CommunityId, timeCredits = 1 } }),
            "grantFromPool" => client.SendAsync(token,
                "mutation($input: GrantFromPoolInput!) { grantFromPool(input: $input) { pool { communityId balance donated movements(first: 5) { kind } } } }",
                new { input = new { commandId, communityId = city.A.CommunityId, residentId = target, timeCredits = 1, reason = "矩阵测试" } }),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
        };
    }

    private async Task<long?> StreamVersionAsync(Guid? stream)
    {
        if (stream is not { } id)
        {
            return null;
        }

        await using var session = city.App.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(id))?.Version;
    }
}
