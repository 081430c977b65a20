namespace TimeBank.Ledger.Standings;

/// <summary>The levels at which boards and KPIs are counted, smallest first.</summary>
public enum AreaLevel
{
    Community,

    /// <summary>A street (街道): its name is unique within its district.</summary>
    Street,

    /// <summary>A district (区市).</summary>
    District,

    City,
}

/// <summary>
/// Where a board or a KPI is counted: one community, a street of a district, a district, or the whole city. Every
/// community counts in four areas (<see cref="Of"/>). <see cref="Key"/> names the area in documents and cursors.
/// </summary>
public sealed record Area
{
    private Area(AreaLevel level, Guid? communityId, string? district, string? street)
    {
        Level = level;
        CommunityId = communityId;
        District = district;
        Street = street;
    }

    public static Area City { get; } = new(AreaLevel.City, null, null, null);

    public static Area OfDistrict(string district) => new(AreaLevel.District, null, district, null);

    public static Area OfStreet(string district, string street) => new(AreaLevel.Street, null, district, street);

    /// <summary>A community, with the street and district it lies in.</summary>
    public static Area OfCommunity(Guid communityId, string district, string street) => new(AreaLevel.Community, communityId, district, street);

    public AreaLevel Level { get; }

    public Guid? CommunityId { get; }

    /// <summary>The district; null for the city.</summary>
    public string? District { get; }

    /// <summary>The street; null for a district or the city.</summary>
    public string? Street { get; }

    /// <summary>"city", "district:市南区", "street:市南区/八大湖街道", "community:&lt;uuid without dashes&gt;".</summary>
    public string Key => Level switch
    {
        AreaLevel.City => "city",
        AreaLevel.District => $"district:{District}",
        AreaLevel.Street => $"street:{District}/{Street}",
        _ => $"community:{CommunityId:N}",
    };

    /// <summary>The area one level up (null for the city).</summary>
    public Area? Parent => Level switch
    {
        AreaLevel.Community => OfStreet(District!, Street!),
        AreaLevel.Street => OfDistrict(District!),
        AreaLevel.District => City,
        _ => null,
    };

    /// <summary>The four areas a community counts in: itself, its street, its district, the city.</summary>
    public static IReadOnlyList<Area> Of(Guid communityId, string district, string street)
    {
        var community = OfCommunity(communityId, district, street);
        return [community, community.Parent!, community.Parent!.Parent!, City];
    }

    /// <summary>Whether <paramref name="other"/> lies within this area (an area contains itself).</summary>
    public bool Contains(Area other) => Level switch
    {
        AreaLevel.City => true,
        AreaLevel.District => other.District == District,
        AreaLevel.Street => other.Level <= AreaLevel.Street && other.District == District && other.Street == Street,
        _ => other.Level == AreaLevel.Community && other.CommunityId == CommunityId,
    };

    public bool Equals(Area? other) => other is not null && other.Key == Key;

    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Key;
}
