using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Commendations;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Standings;

namespace TimeBank.Ledger.Actors;

/// <summary>
/// Who may read what, in one place. A volunteer reads only their own account and records; staff read those of their
/// communities; city admins read everything. A caller who may not read a thing is told it does not exist. The queries
/// only ask; the rule is here, beside the deciders' own (<see cref="AccountVisibility"/>, ...).
/// </summary>
public static class ReadAccess
{
    /// <summary>
    /// The account itself, its history and its balance at an earlier moment: the same rule the deciders apply before
    /// acting on an account (<see cref="AccountVisibility"/>).
    /// </summary>
    public static bool CanReadAccount(Actor actor, VolunteerAccount account) => account.IsVisibleTo(actor);

    /// <summary>The same rule the deciders apply before acting on a record (<see cref="ServiceRecordVisibility"/>).</summary>
    public static bool CanReadRecord(Actor actor, ServiceRecord record) => record.IsVisibleTo(actor);

    /// <summary>
    /// Which of a volunteer's records a list of them shows the caller, as a filter a query can apply: null for every one
    /// (the volunteer, city admins), otherwise the communities whose records they see (staff: those they serve; anyone
    /// else: none). The same rule as <see cref="CanReadRecord"/>, for a list that cannot load each record to ask.
    /// </summary>
    public static IReadOnlySet<Guid>? RecordCommunitiesShown(Actor actor, Guid volunteerId) =>
        actor.PersonId == volunteerId || actor.Role == ActorRole.CityAdmin ? null
        : actor.Role == ActorRole.Staff ? actor.Communities
        : new HashSet<Guid>();

    /// <summary>
    /// A volunteer's commendation: whoever may see it (its volunteer, staff of the granting community, city admins:
    /// <see cref="CommendationVisibility"/>), and whoever may read the volunteer's <paramref name="account"/> (staff of
    /// the home community), since a commendation is part of the account's story.
    /// </summary>
    public static bool CanReadCommendation(Actor actor, Commendation commendation, VolunteerAccount? account) =>
        commendation.IsVisibleTo(actor) || (account is not null && account.Id == commendation.VolunteerId && account.IsVisibleTo(actor));

    /// <summary>
    /// A merchant and its settlement statements: its own cashiers, staff of its community and city admins; the same rule
    /// the decider applies before acting on it (<see cref="MerchantVisibility"/>).
    /// </summary>
    public static bool CanReadMerchant(Actor actor, Merchant merchant) => merchant.IsVisibleTo(actor);

    /// <summary>
    /// A community's list of merchants: staff of the community and city admins see every one; a cashier only its own
    /// merchant (<see cref="CanReadMerchant"/> filters the list); anyone else none.
    /// </summary>
    public static bool CanListMerchants(Actor actor, Guid communityId) =>
        actor.Role is ActorRole.CityAdmin or ActorRole.Merchant || actor.IsStaffOf(communityId);

    /// <summary>A community's work queues (records awaiting verification).</summary>
    public static bool CanReadCommunityQueues(Actor actor, Guid communityId) =>
        actor.MayActIn(communityId);

    /// <summary>
    /// The list of communities: a city admin lists every community of the city, staff the communities they serve
    /// (<see cref="ListsCommunity"/> picks them); anyone else is refused (they find their own community through the caller's
    /// own account or merchant).
    /// </summary>
    public static bool CanListCommunities(Actor actor) => actor.Role is ActorRole.CityAdmin or ActorRole.Staff;

    /// <summary>Whether the list of communities shows this one to the caller: every one to a city admin, their own to staff.</summary>
    public static bool ListsCommunity(Actor actor, Guid communityId) => actor.MayActIn(communityId);

    /// <summary>
    /// A community's volunteers, listed with their volunteer number and masked name: staff of the community and city admins,
    /// the people who already read each of these accounts (<see cref="AccountVisibility"/>).
    /// </summary>
    public static bool CanListVolunteers(Actor actor, Guid communityId) =>
        actor.MayActIn(communityId);

    /// <summary>
    /// A community's social organizations and volunteer service stations: staff of the community and city admins, who
    /// register them and attest their haves. Anyone else is refused the list, as for a community's work queues.
    /// </summary>
    public static bool CanListCommunityBodies(Actor actor, Guid communityId) =>
        actor.MayActIn(communityId);

    /// <summary>
    /// An area's community KPIs (and the rollups of its communities): city admins every area; a district admin their
    /// district and every street and community in it; staff the communities they serve; nobody else (volunteers see the
    /// public boards, not KPIs).
    /// </summary>
    public static bool CanReadKpis(Actor actor, Area area) => actor.Role switch
    {
        ActorRole.CityAdmin => true,
        ActorRole.DistrictAdmin => actor.District is { } district && Area.OfDistrict(district).Contains(area),
        ActorRole.Staff => area.Level == AreaLevel.Community && actor.Communities.Contains(area.CommunityId!.Value),
        _ => false,
    };

    /// <summary>Whether the caller may read any area's KPIs at all (a list asked of someone who may not: refused).</summary>
    public static bool ReadsKpis(Actor actor) =>
        actor.Role is ActorRole.CityAdmin or ActorRole.Staff || (actor.Role == ActorRole.DistrictAdmin && actor.District is not null);

    /// <summary>
    /// Communities and their published projects: the board every signed-in person looks at to find what to do
    /// (PRODUCT.md, "the matching board"). They hold no personal information.
    /// </summary>
    public static bool CanReadBoard(Actor actor) =>
        actor.Role is ActorRole.Volunteer or ActorRole.Staff or ActorRole.Merchant or ActorRole.CityAdmin;

    /// <summary>
    /// Where points can be spent: the approved merchants' names and communities, what a shop shows on its door. The
    /// board's readers, everyone signed in who may spend or redeem points or help others to (PRODUCT.md, "the love bank").
    /// </summary>
    public static bool CanReadMerchantsTakingPoints(Actor actor) => CanReadBoard(actor);

    /// <summary>
    /// A district's policy in force (points per hour, star thresholds, expiry, targets...): the city office, which sets it
    /// — city admins every district's, a district admin their own district's. Nobody else reads it as a whole (each rule
    /// shows where it applies: a volunteer's next star, a KPI's target).
    /// </summary>
    public static bool CanReadPolicy(Actor actor, string district) => actor.Role switch
    {
        ActorRole.CityAdmin => true,
        ActorRole.DistrictAdmin => string.Equals(actor.District, district, StringComparison.Ordinal),
        _ => false,
    };
}
