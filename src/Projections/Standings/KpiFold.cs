using JasperFx.Events;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Organizations;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Standings;
using TimeBank.Ledger.Stations;

namespace TimeBank.Projections.Standings;

/// <summary>
/// Community KPIs rolled up to street, district and city (docs/adr/0038-boards-and-kpis.md, "KPIs"): one
/// <see cref="AreaKpis"/> per area, changed by every event by the same delta in the four areas its community counts in.
/// The month of an event is that of its business time (credited, registered, ...); it changes that month and later ones
/// only. Registered, active and star counts belong to the volunteer's home community; minutes, points, records and
/// projects to the community where the service was recorded.
/// Districts mode (ADR 0047): a district's fold sees only its own database. A record served here by a volunteer homed in
/// another district flows here from <see cref="ServiceCreditedAtHome"/> (and back out from
/// <see cref="ServiceCreditRevokedAtHome"/>), which carry no volunteer part; the home district's
/// <see cref="ServiceCredited"/> of that record counts the volunteer (active) and no flow, its community not being one of
/// the home's. A district holds a record's <see cref="ServiceCredited"/> (the account is here) or its
/// <see cref="ServiceCreditedAtHome"/> (the account is elsewhere), never both: each flow is counted once, in one district.
/// </summary>
/// <param name="policyOf">The ledger policy of a district (active window, station thresholds).</param>
public sealed class KpiFold(Func<string, LedgerPolicy> policyOf) : CityFold
{
    /// <summary>The months of a quarter (有服务, 有记录), the current one included.</summary>
    private const int QuarterMonths = 3;

    /// <summary>How far back a community's projects per month are kept (the quarter needs three months).</summary>
    private const int ProjectMonthsKept = 12;

    private static readonly StationHave[] Attested = [StationHave.Place, StationHave.Facilities, StationHave.Rules];

    public override IReadOnlySet<Type> EventTypes { get; } = new HashSet<Type>
    {
        typeof(CommunityRegistered),
        typeof(VolunteerRegistered),
        typeof(ServiceRecordSubmitted),
        typeof(ServiceCredited),
        typeof(ServiceCreditRevoked),
        typeof(ServiceCreditedAtHome),
        typeof(ServiceCreditRevokedAtHome),
        typeof(StarAwarded),
        typeof(StarWithdrawn),
        typeof(SocialOrganizationRegistered),
        typeof(SocialOrganizationSuspended),
        typeof(SocialOrganizationReinstated),
        typeof(SocialOrganizationDissolved),
        typeof(ServiceStationRegistered),
        typeof(StationHaveAttested),
        typeof(StationHaveWithdrawn),
    };

    public override IReadOnlyList<Type> DocumentTypes { get; } = [typeof(AreaKpis), typeof(KpiCommunity), typeof(KpiVolunteer), typeof(KpiRecord)];

    /// <summary>The name the async daemon keeps its progress under.</summary>
    public const string ProjectionName = "KpiProjection";

    public static string IdOf(Guid id) => id.ToString("N");

    public override IEnumerable<DocumentKey> Reads(IEvent e, FoldDocuments documents)
    {
        var keys = new List<DocumentKey>();
        var communities = new List<Guid>();
        switch (e.Data)
        {
            case CommunityRegistered r:
                keys.AddRange(Area.Of(r.CommunityId, r.District, r.Street).Select(a => DocumentKey.Of<AreaKpis>(a.Key)));
                break;
            case VolunteerRegistered r:
                keys.Add(DocumentKey.Of<KpiVolunteer>(IdOf(r.VolunteerId)));
                communities.Add(r.HomeCommunityId);
                break;
            case ServiceCredited c:
                Volunteer(c.VolunteerId);
                keys.Add(DocumentKey.Of<KpiRecord>(IdOf(c.RecordId)));
                communities.Add(c.CommunityId);
                break;
            case ServiceCreditRevoked r:
                Volunteer(r.VolunteerId);
                keys.Add(DocumentKey.Of<KpiRecord>(IdOf(r.RecordId)));
                communities.Add(r.CommunityId);
                break;
            case ServiceCreditedAtHome c:
                keys.Add(DocumentKey.Of<KpiRecord>(IdOf(c.RecordId)));
                communities.Add(c.CommunityId);
                break;
            case ServiceCreditRevokedAtHome r:
                keys.Add(DocumentKey.Of<KpiRecord>(IdOf(r.RecordId)));
                communities.Add(r.CommunityId);
                break;
            case StarAwarded s:
                Volunteer(s.VolunteerId);
                break;
            case StarWithdrawn s:
                Volunteer(s.VolunteerId);
                break;
            case SocialOrganizationEvent:
            case ServiceStationEvent:
                communities.Add(CommunityOf(e.Data));
                break;
        }

        foreach (var community in communities)
        {
            var key = DocumentKey.Of<KpiCommunity>(IdOf(community));
            keys.Add(key);
            if (documents.IsKnown(key) && documents.Get<KpiCommunity>(key.Id) is { } state)
            {
                keys.AddRange(AreasOf(state).Select(a => DocumentKey.Of<AreaKpis>(a.Key)));
            }
        }

        return keys;

        void Volunteer(Guid volunteerId)
        {
            var key = DocumentKey.Of<KpiVolunteer>(IdOf(volunteerId));
            keys.Add(key);
            if (documents.IsKnown(key) && documents.Get<KpiVolunteer>(key.Id) is { } volunteer)
            {
                communities.Add(volunteer.HomeCommunityId);
            }
        }
    }

    public override void Apply(IEvent e, FoldDocuments documents)
    {
        switch (e.Data)
        {
            case CommunityRegistered r:
                Registered(r, documents);
                break;
            case VolunteerRegistered r:
                Registered(r, documents);
                break;
            case ServiceRecordSubmitted s:
                documents.Put(IdOf(s.RecordId), new KpiRecord { Id = IdOf(s.RecordId), ProjectId = s.ProjectId });
                break;
            case ServiceCredited c:
                Served(documents, c.VolunteerId, c.RecordId, c.CommunityId, CalendarMonth.Of(c.CreditedAt), c.ServiceMinutes, c.Points, +1);
                break;
            case ServiceCreditRevoked r:
                Served(documents, r.VolunteerId, r.RecordId, r.CommunityId, CalendarMonth.Of(r.RevokedAt), -r.ServiceMinutes, -r.Points, -1);
                break;
            case ServiceCreditedAtHome c:
                Flowed(documents, c.RecordId, c.CommunityId, CalendarMonth.Of(c.CreditedAt), c.ServiceMinutes, c.Points, +1);
                break;
            case ServiceCreditRevokedAtHome r:
                Flowed(documents, r.RecordId, r.CommunityId, CalendarMonth.Of(r.RevokedAt), -r.ServiceMinutes, -r.Points, -1);
                break;
            case StarAwarded s:
                StarLevel(documents, s.VolunteerId, s.Level, CalendarMonth.Of(s.AwardedAt));
                break;
            case StarWithdrawn s:
                StarLevel(documents, s.VolunteerId, s.Level - 1, CalendarMonth.Of(s.WithdrawnAt));
                break;
            case SocialOrganizationEvent o:
                Organization(documents, o);
                break;
            case ServiceStationEvent s:
                Station(documents, s);
                break;
        }
    }

    private static void Registered(CommunityRegistered r, FoldDocuments documents)
    {
        var state = new KpiCommunity
        {
            Id = IdOf(r.CommunityId), CommunityId = r.CommunityId, Name = r.Name, District = r.District, Street = r.Street,
        };
        documents.Put(state.Id, state);
        foreach (var area in Areas(state, documents))
        {
            area.AddLevel(KpiLevel.Communities, CalendarMonth.Of(r.RegisteredAt), null, 1);
            documents.Put(area.Id, area);
        }
    }

    private void Registered(VolunteerRegistered r, FoldDocuments documents)
    {
        var volunteer = new KpiVolunteer { Id = IdOf(r.VolunteerId), HomeCommunityId = r.HomeCommunityId };
        documents.Put(volunteer.Id, volunteer);
        if (documents.Get<KpiCommunity>(IdOf(r.HomeCommunityId)) is not { } home)
        {
            return;
        }

        var month = CalendarMonth.Of(r.RegisteredAt);
        var areas = Areas(home, documents);
        foreach (var area in areas)
        {
            area.AddLevel(KpiLevel.Registered, month, null, 1);
        }

        StationsChanged(home, areas, month, flowed: false);
        PutAll(documents, areas);
    }

    /// <summary>A record credited (<paramref name="records"/> +1) or its credit revoked (−1): the flows, then the volunteer's active months.</summary>
    private void Served(FoldDocuments documents, Guid volunteerId, Guid recordId, Guid communityId, CalendarMonth month, long minutes, long points, int records)
    {
        var creditedIn = Flowed(documents, recordId, communityId, month, minutes, points, records);
        if (documents.Get<KpiVolunteer>(IdOf(volunteerId)) is not { } volunteer)
        {
            return;
        }

        var before = new Dictionary<string, int>(volunteer.ServedMonths);
        volunteer.ServedMonths[creditedIn.Key] = volunteer.ServedMonths.GetValueOrDefault(creditedIn.Key) + records;
        if (volunteer.ServedMonths[creditedIn.Key] == 0)
        {
            volunteer.ServedMonths.Remove(creditedIn.Key);
        }

        documents.Put(volunteer.Id, volunteer);
        if (documents.Get<KpiCommunity>(IdOf(volunteer.HomeCommunityId)) is not { } home)
        {
            return;
        }

        // Being active in M looks at the window ending at M: a change to the month served changes the window's months
        // only, and of those the ones not yet past when it happened.
        var policy = policyOf(home.District);
        var homeAreas = Areas(home, documents);
        var last = creditedIn.Plus(policy.ActiveWindowMonths - 1);
        for (var m = creditedIn > month ? creditedIn : month; m <= last; m = m.Plus(1))
        {
            var delta = (IsActive(volunteer.ServedMonths, m, policy) ? 1 : 0) - (IsActive(before, m, policy) ? 1 : 0);
            foreach (var area in homeAreas)
            {
                area.AddLevel(KpiLevel.Active, m, m.Plus(1), delta);
            }
        }

        PutAll(documents, homeAreas);
    }

    /// <summary>
    /// The record's minutes, points, record and project flow into (or out of) its community's areas, when the community is
    /// this district's; returns the month the record was credited in.
    /// </summary>
    private CalendarMonth Flowed(FoldDocuments documents, Guid recordId, Guid communityId, CalendarMonth month, long minutes, long points, int records)
    {
        var record = documents.Get<KpiRecord>(IdOf(recordId)) ?? new KpiRecord { Id = IdOf(recordId) };
        var creditedIn = records > 0 ? month : CalendarMonth.TryParse(record.CreditedIn) ?? month;
        if (records > 0)
        {
            record.CreditedIn = month.Key;
        }

        documents.Put(record.Id, record);

        // Not this district's community (districts mode: the home's credit of a record served elsewhere): no flow here.
        if (documents.Get<KpiCommunity>(IdOf(communityId)) is { } community)
        {
            var projects = record.ProjectId == Guid.Empty ? 0 : ProjectRecorded(community, month, record.ProjectId, records);
            var areas = Areas(community, documents);
            foreach (var area in areas)
            {
                area.AddFlow(month, minutes, points, records, projects);
            }

            StationsChanged(community, areas, month, flowed: true);
            documents.Put(community.Id, community);
            PutAll(documents, areas);
        }

        return creditedIn;
    }

    /// <summary>Whether verified service fell in at least the required months of the window ending at <paramref name="month"/>.</summary>
    public static bool IsActive(IReadOnlyDictionary<string, int> servedMonths, CalendarMonth month, LedgerPolicy policy)
    {
        var served = 0;
        for (var i = 0; i < policy.ActiveWindowMonths; i++)
        {
            if (servedMonths.GetValueOrDefault(month.Plus(-i).Key) > 0)
            {
                served++;
            }
        }

        return served >= policy.ActiveMonthsRequired;
    }

    /// <summary>Counts a record for (or against) its project in the month; returns the change in projects served that month.</summary>
    private static int ProjectRecorded(KpiCommunity community, CalendarMonth month, Guid projectId, int records)
    {
        if (!community.ProjectRecords.TryGetValue(month.Key, out var projects))
        {
            community.ProjectRecords[month.Key] = projects = [];
            // Only the quarters of this month and later are read again; a year's margin, and the document stays small.
            var forgotten = month.Plus(-ProjectMonthsKept).Key;
            foreach (var old in community.ProjectRecords.Keys.Where(k => string.CompareOrdinal(k, forgotten) < 0).ToList())
            {
                community.ProjectRecords.Remove(old);
            }
        }

        var before = projects.GetValueOrDefault(projectId);
        var after = before + records;
        projects[projectId] = after;
        return (after > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
    }

    private void StarLevel(FoldDocuments documents, Guid volunteerId, int level, CalendarMonth month)
    {
        if (documents.Get<KpiVolunteer>(IdOf(volunteerId)) is not { } volunteer)
        {
            return;
        }

        var before = volunteer.StarLevel;
        volunteer.StarLevel = level;
        documents.Put(volunteer.Id, volunteer);
        if (before == level || documents.Get<KpiCommunity>(IdOf(volunteer.HomeCommunityId)) is not { } home)
        {
            return;
        }

        var areas = Areas(home, documents);
        foreach (var area in areas)
        {
            if (before is >= 1 and <= 5)
            {
                area.AddLevel(KpiLevel.Star1 + (before - 1), month, null, -1);
            }

            if (level is >= 1 and <= 5)
            {
                area.AddLevel(KpiLevel.Star1 + (level - 1), month, null, 1);
            }
        }

        PutAll(documents, areas);
    }

    private static void Organization(FoldDocuments documents, SocialOrganizationEvent e)
    {
        if (documents.Get<KpiCommunity>(IdOf(CommunityOf(e))) is not { } community)
        {
            return;
        }

        var known = community.Organizations.TryGetValue(e.OrganizationId, out var counted);
        var (month, change) = e switch
        {
            SocialOrganizationRegistered r when !known => (CalendarMonth.Of(r.RegisteredAt), +1),
            SocialOrganizationSuspended s when known && counted => (CalendarMonth.Of(s.SuspendedAt), -1),
            SocialOrganizationReinstated r when known && !counted => (CalendarMonth.Of(r.ReinstatedAt), +1),
            SocialOrganizationDissolved d when known => (CalendarMonth.Of(d.DissolvedAt), counted ? -1 : 0),
            _ => (default, 0),
        };

        if (e is SocialOrganizationDissolved && known)
        {
            community.Organizations.Remove(e.OrganizationId);
        }
        else if (change != 0)
        {
            community.Organizations[e.OrganizationId] = change > 0;
        }
        else
        {
            return;
        }

        documents.Put(community.Id, community);
        var areas = Areas(community, documents);
        foreach (var area in areas)
        {
            area.AddLevel(KpiLevel.SocialOrganizations, month, null, change);
        }

        PutAll(documents, areas);
    }

    private void Station(FoldDocuments documents, ServiceStationEvent e)
    {
        if (documents.Get<KpiCommunity>(IdOf(CommunityOf(e))) is not { } community)
        {
            return;
        }

        var areas = Areas(community, documents);
        CalendarMonth month;
        switch (e)
        {
            case ServiceStationRegistered r when !community.Stations.ContainsKey(r.StationId):
                month = CalendarMonth.Of(r.RegisteredAt);
                community.Stations[r.StationId] = new KpiStation { RegisteredIn = month.Key };
                foreach (var area in areas)
                {
                    area.AddLevel(KpiLevel.Stations, month, null, 1);
                }

                break;
            case StationHaveAttested a when community.Stations.TryGetValue(a.StationId, out var station) && Attested.Contains(a.Have):
                // Attested as of a day: it counts from that day's month, but never before the month it was said in.
                var said = CalendarMonth.Of(a.AttestedAt);
                var on = new CalendarMonth(a.AttestedOn.Year, a.AttestedOn.Month);
                month = on > said ? on : said;
                station.Changes.Add(new KpiHaveChange(a.Have, month.Key, true));
                break;
            case StationHaveWithdrawn w when community.Stations.TryGetValue(w.StationId, out var station) && Attested.Contains(w.Have):
                month = CalendarMonth.Of(w.WithdrawnAt);
                station.Changes.RemoveAll(c => c.Have == w.Have && string.CompareOrdinal(c.Month, month.Key) > 0);
                station.Changes.Add(new KpiHaveChange(w.Have, month.Key, false));
                break;
            default:
                return;
        }

        StationsChanged(community, areas, month, flowed: false);
        documents.Put(community.Id, community);
        PutAll(documents, areas);
    }

    /// <summary>
    /// Something a station's haves depend on changed in <paramref name="month"/>: the count of stations meeting all six
    /// is worked out again for every month of the community's entries from then on (between entries nothing it depends on
    /// changes). A flow leaves the quarter three months later, so that month gets an entry too.
    /// </summary>
    private void StationsChanged(KpiCommunity community, IReadOnlyList<AreaKpis> areas, CalendarMonth month, bool flowed)
    {
        var own = areas[0];
        own.Ensure(month);
        if (flowed)
        {
            own.Ensure(month.Plus(QuarterMonths));
        }

        if (community.Stations.Count == 0)
        {
            return;
        }

        var policy = policyOf(community.District);
        var months = own.MonthsFrom(month);
        var changes = new List<(CalendarMonth From, CalendarMonth? Until, long Delta)>();
        for (var i = 0; i < months.Count; i++)
        {
            var m = months[i];
            var delta = MeetingSixHaves(community, own, m, policy) - own.LevelAt(KpiLevel.StationsMeetingSixHaves, m);
            if (delta != 0)
            {
                changes.Add((m, i + 1 < months.Count ? months[i + 1] : null, delta));
            }
        }

        foreach (var (from, until, delta) in changes)
        {
            foreach (var area in areas)
            {
                area.AddLevel(KpiLevel.StationsMeetingSixHaves, from, until, delta);
            }
        }
    }

    /// <summary>
    /// The haves the ledger shows for the community's stations in <paramref name="month"/> (有队伍, 有服务, 有记录): enough
    /// registered volunteers, projects with verified service and records verified in the quarter ending with the month.
    /// </summary>
    public static ComputedHaves ComputedHavesIn(KpiCommunity community, AreaKpis own, CalendarMonth month, LedgerPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(community);
        ArgumentNullException.ThrowIfNull(own);
        ArgumentNullException.ThrowIfNull(policy);
        var team = own.LevelAt(KpiLevel.Registered, month) >= policy.StationTeamMinVolunteers;
        var records = 0L;
        var projects = new Dictionary<Guid, int>();
        for (var i = 0; i < QuarterMonths; i++)
        {
            var m = month.Plus(-i);
            records += own.VerifiedRecordsIn(m);
            foreach (var (project, count) in community.ProjectRecords.GetValueOrDefault(m.Key) ?? [])
            {
                projects[project] = projects.GetValueOrDefault(project) + count;
            }
        }

        return new ComputedHaves(
            team, projects.Values.Count(v => v > 0) >= policy.StationServiceMinProjects, records >= policy.StationRecordsMinVerified);
    }

    /// <summary>The community's stations meeting all six haves in <paramref name="month"/>.</summary>
    public static long MeetingSixHaves(KpiCommunity community, AreaKpis own, CalendarMonth month, LedgerPolicy policy)
    {
        if (!ComputedHavesIn(community, own, month, policy).All)
        {
            return 0;
        }

        return community.Stations.Values.Count(s =>
            string.CompareOrdinal(s.RegisteredIn, month.Key) <= 0
            && Attested.All(have => s.Changes.LastOrDefault(c => c.Have == have && string.CompareOrdinal(c.Month, month.Key) <= 0)?.Present == true));
    }

    private static Guid CommunityOf(object e) => e switch
    {
        SocialOrganizationRegistered r => r.CommunityId,
        SocialOrganizationSuspended s => s.CommunityId,
        SocialOrganizationReinstated r => r.CommunityId,
        SocialOrganizationDissolved d => d.CommunityId,
        ServiceStationRegistered r => r.CommunityId,
        StationHaveAttested a => a.CommunityId,
        StationHaveWithdrawn w => w.CommunityId,
        _ => Guid.Empty,
    };

    private static IReadOnlyList<Area> AreasOf(KpiCommunity community) => Area.Of(community.CommunityId, community.District, community.Street);

    /// <summary>The four areas' documents, the community's first, made when absent.</summary>
    private static List<AreaKpis> Areas(KpiCommunity community, FoldDocuments documents) =>
        [.. AreasOf(community).Select(area => documents.Get<AreaKpis>(area.Key) ?? new AreaKpis
        {
            Id = area.Key,
            Level = area.Level,
            CommunityId = area.CommunityId,
            Name = area.Level == AreaLevel.Community ? community.Name : null,
            District = area.District,
            Street = area.Street,
        })];

    private static void PutAll(FoldDocuments documents, IEnumerable<AreaKpis> areas)
    {
        foreach (var area in areas)
        {
            documents.Put(area.Id, area);
        }
    }
}

/// <summary>The three haves the ledger shows for a community's stations in a month (the other three are attested).</summary>
public sealed record ComputedHaves(bool Team, bool Service, bool Records)
{
    public bool All => Team && Service && Records;
}
