namespace TimeBank.Ledger.Actors;

public enum ActorRole
{
    Volunteer,
    Staff,
    Merchant,
    CityAdmin,

    /// <summary>A district's administrator (区市): reads the KPIs and boards of the district and of every area in it.</summary>
    DistrictAdmin,

    /// <summary>The service itself: scheduled jobs such as points expiry.</summary>
    System,
}

/// <summary>
/// Who asks for a change. Staff act only in their own communities; a merchant's cashier acts only for
/// <see cref="MerchantId"/>; a district admin reads within <see cref="District"/>.
/// </summary>
public sealed record Actor(Guid PersonId, ActorRole Role, IReadOnlySet<Guid> Communities, Guid? MerchantId = null, string? District = null)
{
    public static Actor System { get; } = new(Guid.Empty, ActorRole.System, new HashSet<Guid>());

    public static Actor Staff(Guid personId, params Guid[] communities) => new(personId, ActorRole.Staff, communities.ToHashSet());

    public static Actor Volunteer(Guid personId) => new(personId, ActorRole.Volunteer, new HashSet<Guid>());

    public static Actor CityAdmin(Guid personId) => new(personId, ActorRole.CityAdmin, new HashSet<Guid>());

    public static Actor DistrictAdmin(Guid personId, string district) =>
        new(personId, ActorRole.DistrictAdmin, new HashSet<Guid>(), District: district);

    public static Actor Merchant(Guid personId, Guid merchantId) => new(personId, ActorRole.Merchant, new HashSet<Guid>(), merchantId);

    public bool IsStaffOf(Guid communityId) => Role == ActorRole.Staff && Communities.Contains(communityId);

    /// <summary>Acts in the community: its staff, or a city admin (who acts in every community).</summary>
    public bool MayActIn(Guid communityId) => Role == ActorRole.CityAdmin || IsStaffOf(communityId);

    public bool ActsFor(Guid merchantId) => Role == ActorRole.Merchant && MerchantId == merchantId;
}
