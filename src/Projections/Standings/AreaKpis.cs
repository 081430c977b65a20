using TimeBank.Ledger.Standings;

namespace TimeBank.Projections.Standings;

/// <summary>
/// The KPIs of one area (a community, a street, a district or the city; id = <see cref="Area.Key"/>), month by month, kept
/// by <see cref="KpiFold"/> as the events come so that a rollup is one document read. <see cref="Months"/> is sorted by
/// month: a flow (minutes, points, records, projects served) counts in its own month's entry only; a level (registered,
/// active, organizations, stations, stars) is carried: its value in a month is that of the latest entry at or before it.
/// An event of month T changes entries of T and later only, so a past month reads as it was shown then.
/// </summary>
public sealed class AreaKpis : ICityDocument
{
    public string Id { get; set; } = "";

    public AreaLevel Level { get; set; }

    public Guid? CommunityId { get; set; }

    /// <summary>The community's name (communities only).</summary>
    public string? Name { get; set; }

    public string? District { get; set; }

    public string? Street { get; set; }

    /// <summary>One entry per month in which something changed, oldest first ("yyyy-MM" sorts by ordinal).</summary>
    public List<KpiMonth> Months { get; set; } = [];

    /// <summary>The figures as of <paramref name="month"/>: levels carried from the latest entry at or before it, flows of that month.</summary>
    public KpiFigures At(CalendarMonth month)
    {
        var index = Find(month.Key);
        if (index >= 0)
        {
            return Months[index].Figures(month);
        }

        var before = ~index - 1;
        return before >= 0 ? Months[before].Levels(month) : KpiFigures.Empty(month);
    }

    /// <summary>The level carried into <paramref name="month"/>.</summary>
    public long LevelAt(KpiLevel level, CalendarMonth month)
    {
        var index = Find(month.Key);
        var at = index >= 0 ? index : ~index - 1;
        return at >= 0 ? Months[at].Level(level) : 0;
    }

    /// <summary>The month's entry, made when absent with the levels of the latest earlier entry (flows zero).</summary>
    public KpiMonth Ensure(CalendarMonth month)
    {
        var key = month.Key;
        var index = Find(key);
        if (index >= 0)
        {
            return Months[index];
        }

        var at = ~index;
        var entry = at > 0 ? Months[at - 1].CarriedInto(key) : new KpiMonth { Month = key };
        Months.Insert(at, entry);
        return entry;
    }

    /// <summary>
    /// Changes a level by <paramref name="delta"/> from <paramref name="from"/> up to (not including)
    /// <paramref name="until"/>, or for good when it is null: the entries at both ends are made first, then every entry in
    /// the range changes.
    /// </summary>
    public void AddLevel(KpiLevel level, CalendarMonth from, CalendarMonth? until, long delta)
    {
        if (delta == 0)
        {
            return;
        }

        Ensure(from);
        if (until is { } end)
        {
            Ensure(end);
        }

        var first = Find(from.Key);
        for (var i = first; i < Months.Count && (until is not { } stop || string.CompareOrdinal(Months[i].Month, stop.Key) < 0); i++)
        {
            Months[i].AddLevel(level, delta);
        }
    }

    /// <summary>Adds to the flows of one month.</summary>
    public void AddFlow(CalendarMonth month, long minutes, long points, long records, long projects)
    {
        var entry = Ensure(month);
        entry.Minutes += minutes;
        entry.Points += points;
        entry.VerifiedRecords += records;
        entry.ProjectsServed += projects;
    }

    /// <summary>The months that have an entry, from <paramref name="from"/> on.</summary>
    public IReadOnlyList<CalendarMonth> MonthsFrom(CalendarMonth from) =>
        [.. Months.Where(m => string.CompareOrdinal(m.Month, from.Key) >= 0).Select(m => CalendarMonth.TryParse(m.Month)!.Value)];

    /// <summary>The flow of verified records in <paramref name="month"/> (zero when it has no entry).</summary>
    public long VerifiedRecordsIn(CalendarMonth month) => Find(month.Key) is var i and >= 0 ? Months[i].VerifiedRecords : 0;

    private int Find(string key)
    {
        int low = 0, high = Months.Count - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var c = string.CompareOrdinal(Months[mid].Month, key);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return ~low;
    }
}

/// <summary>The carried KPIs: their value in a month is the latest entry's at or before it.</summary>
public enum KpiLevel
{
    Communities,
    Registered,
    Active,
    SocialOrganizations,
    Stations,
    StationsMeetingSixHaves,
    Star1,
    Star2,
    Star3,
    Star4,
    Star5,
}

/// <summary>One month's entry of <see cref="AreaKpis"/>.</summary>
public sealed class KpiMonth
{
    /// <summary>"yyyy-MM".</summary>
    public string Month { get; set; } = "";

    // Flows: of this month only.
    public long Minutes { get; set; }

    public long Points { get; set; }

    public long VerifiedRecords { get; set; }

    public long ProjectsServed { get; set; }

    // Levels: carried into later months.
    public long Communities { get; set; }

    public long Registered { get; set; }

    public long Active { get; set; }

    public long SocialOrganizations { get; set; }

    public long Stations { get; set; }

    public long StationsMeetingSixHaves { get; set; }

    /// <summary>Volunteers at star level 1..5 (index 0..4).</summary>
    public long[] Stars { get; set; } = new long[5];

    public long Level(KpiLevel level) => level switch
    {
        KpiLevel.Communities => Communities,
        KpiLevel.Registered => Registered,
        KpiLevel.Active => Active,
        KpiLevel.SocialOrganizations => SocialOrganizations,
        KpiLevel.Stations => Stations,
        KpiLevel.StationsMeetingSixHaves => StationsMeetingSixHaves,
        _ => Stars[level - KpiLevel.Star1],
    };

    public void AddLevel(KpiLevel level, long delta)
    {
        switch (level)
        {
            case KpiLevel.Communities: Communities += delta; break;
            case KpiLevel.Registered: Registered += delta; break;
            case KpiLevel.Active: Active += delta; break;
            case KpiLevel.SocialOrganizations: SocialOrganizations += delta; break;
            case KpiLevel.Stations: Stations += delta; break;
            case KpiLevel.StationsMeetingSixHaves: StationsMeetingSixHaves += delta; break;
            default: Stars[level - KpiLevel.Star1] += delta; break;
        }
    }

    internal KpiMonth CarriedInto(string month) => new()
    {
        Month = month,
        Communities = Communities,
        Registered = Registered,
        Active = Active,
        SocialOrganizations = SocialOrganizations,
        Stations = Stations,
        StationsMeetingSixHaves = StationsMeetingSixHaves,
        Stars = [.. Stars],
    };

    internal KpiFigures Figures(CalendarMonth month) => Levels(month) with
    {
        Minutes = Minutes, Points = Points, VerifiedRecords = VerifiedRecords, ProjectsServed = ProjectsServed,
    };

    internal KpiFigures Levels(CalendarMonth month) =>
        new(month, Communities, Registered, Active, SocialOrganizations, Stations, StationsMeetingSixHaves, [.. Stars], 0, 0, 0, 0);
}

/// <summary>An area's KPIs as of one month: the levels then, and the month's own flows.</summary>
public sealed record KpiFigures(
    CalendarMonth Month,
    long Communities,
    long Registered,
    long Active,
    long SocialOrganizations,
    long Stations,
    long StationsMeetingSixHaves,
    IReadOnlyList<long> Stars,
    long Minutes,
    long Points,
    long VerifiedRecords,
    long ProjectsServed)
{
    public static KpiFigures Empty(CalendarMonth month) => new(month, 0, 0, 0, 0, 0, 0, [0, 0, 0, 0, 0], 0, 0, 0, 0);

    /// <summary>
    /// The figures of two disjoint areas together (two districts' roll-ups into the city's, ADR 0047): every count is
    /// added, levels and flows alike; nothing here is a ratio, so the active ratio of the sum is recomputed from the
    /// summed counts (<see cref="KpiTargets.ActiveRatioPercent"/>), never averaged. Both must be of the same month.
    /// </summary>
    /// <exception cref="ArgumentException">The two are of different months.</exception>
    public static KpiFigures Add(KpiFigures first, KpiFigures second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Month != second.Month)
        {
            throw new ArgumentException($"KPIs of {first.Month} and of {second.Month} do not add up.", nameof(second));
        }

        return new(first.Month,
            first.Communities + second.Communities,
            first.Registered + second.Registered,
            first.Active + second.Active,
            first.SocialOrganizations + second.SocialOrganizations,
            first.Stations + second.Stations,
            first.StationsMeetingSixHaves + second.StationsMeetingSixHaves,
            [.. first.Stars.Zip(second.Stars, (a, b) => a + b)],
            first.Minutes + second.Minutes,
            first.Points + second.Points,
            first.VerifiedRecords + second.VerifiedRecords,
            first.ProjectsServed + second.ProjectsServed);
    }

    public bool Equals(KpiFigures? other) => other is not null
        && (Month, Communities, Registered, Active, SocialOrganizations, Stations, StationsMeetingSixHaves, Minutes, Points, VerifiedRecords, ProjectsServed)
        == (other.Month, other.Communities, other.Registered, other.Active, other.SocialOrganizations, other.Stations, other.StationsMeetingSixHaves,
            other.Minutes, other.Points, other.VerifiedRecords, other.ProjectsServed)
        && Stars.SequenceEqual(other.Stars);

    public override int GetHashCode() => HashCode.Combine(Month, Registered, Active, Minutes, Points, VerifiedRecords);

    public override string ToString() =>
        $"{Month}: communities {Communities}, registered {Registered}, active {Active}, organizations {SocialOrganizations}, stations {Stations} ({StationsMeetingSixHaves} six haves), " +
        $"stars [{string.Join(",", Stars)}], minutes {Minutes}, points {Points}, records {VerifiedRecords}, projects {ProjectsServed}";
}
