namespace TimeBank.Demo;

/// <summary>
/// The demo city's well-known people, for the README and for minting demo tokens. Derived from <see cref="DemoCity.Seed"/>:
/// they change only if the order in which <see cref="DemoCity"/> draws its cast changes.
/// </summary>
public static class DemoPeople
{
    /// <summary>The city administrator who registered every community.</summary>
    public static Guid CityAdminId => DemoCity.Cast.CityAdminId;

    /// <summary>太平角社区 (市南区, 八大关街道).</summary>
    public static Guid FirstCommunityId => DemoCity.Cast.Communities[0].Id;

    /// <summary>A staff member of the first community.</summary>
    public static Guid FirstCommunityStaffId => DemoCity.Cast.Communities[0].Staff[0];

    /// <summary>太平角社区爱心超市: an approved merchant of the first community, with redemptions and refunds over the last weeks.</summary>
    public static Guid MerchantId => DemoCity.Cast.Merchants[0].Id;

    /// <summary>A cashier of <see cref="MerchantId"/>: the subject of a merchant token.</summary>
    public static Guid MerchantCashierId => DemoCity.Cast.Merchants[0].CashierId;

    /// <summary>A volunteer of the first community who serves a lot (a star after a year).</summary>
    public static Guid VolunteerId => DemoCity.Cast.Volunteers[0].Id;
}
