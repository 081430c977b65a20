using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.ServiceRecords;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests;

/// <summary>Who may read what: Ana's account and record at Riverside, Riverside's love mart, and every kind of reader.</summary>
public sealed class ReadAccessTests
{
    private static readonly Guid LoveMart = new("00000000-0000-0000-0000-00000000d001");
    private static readonly Guid TeaHouse = new("00000000-0000-0000-0000-00000000d002");

    private static readonly VolunteerAccount AnasAccount =
        VolunteerAccount.Evolve(null, new VolunteerRegistered(AnaId, Riverside, "RS-0001", RiversideStaffId, Now.AddYears(-3)))!;

    private static readonly ServiceRecord AnasRecord = ServiceRecord.Evolve(null, new ServiceRecordSubmitted(
        new Guid("00000000-0000-0000-0000-0000000e0001"), AnaId, Eldercare.Id, Riverside, Eldercare.Name, Eldercare.Category,
        Eldercare.PointsCoefficientPercent, Eldercare.EarnsTimeCredits, Eldercare.Place, HoursAgo(3), HoursAgo(1), 90,
        "Visited Mrs Li", null, 5, "Mr Wang", RiversideStaffId, Now))!;

    private static readonly Merchant RiversideLoveMart = new(LoveMart, Riverside, "Riverside love mart", MerchantStatus.Approved, Now.AddYears(-1));

    private static readonly Dictionary<string, Actor> Readers = new()
    {
        ["city admin"] = Actor.CityAdmin(new Guid("00000000-0000-0000-0000-0000000ad001")),
        ["Riverside staff"] = RiversideStaff,
        ["Hillside staff"] = HillsideStaff,
        ["Ana"] = Ana,
        ["Ben"] = Ben,
        ["love mart cashier"] = Actor.Merchant(new Guid("00000000-0000-0000-0000-00000000e001"), LoveMart),
        ["tea house cashier"] = Actor.Merchant(new Guid("00000000-0000-0000-0000-00000000e002"), TeaHouse),
        ["the system"] = Actor.System,
    };

    [Theory]
    [InlineData("city admin", true)]
    [InlineData("Riverside staff", true)]
    [InlineData("Hillside staff", false)]
    [InlineData("Ana", true)]
    [InlineData("Ben", false)]
    [InlineData("love mart cashier", false)]
    [InlineData("the system", false)]
    public void An_account_and_its_records_are_read_by_the_volunteer_staff_of_the_home_community_and_city_admins(string reader, bool may)
    {
        Assert.Equal(may, ReadAccess.CanReadAccount(Readers[reader], AnasAccount));
        Assert.Equal(may, ReadAccess.CanReadRecord(Readers[reader], AnasRecord));
    }

    [Theory]
    [InlineData("city admin", true)]
    [InlineData("Riverside staff", true)]
    [InlineData("Hillside staff", false)]
    [InlineData("Ana", false)]
    [InlineData("love mart cashier", true)]
    [InlineData("tea house cashier", false)]
    [InlineData("the system", false)]
    public void A_merchant_is_read_by_its_cashiers_staff_of_its_community_and_city_admins(string reader, bool may) =>
        Assert.Equal(may, ReadAccess.CanReadMerchant(Readers[reader], RiversideLoveMart));

    [Theory]
    [InlineData("city admin", true)]
    [InlineData("Riverside staff", true)]
    [InlineData("Hillside staff", false)]
    [InlineData("Ana", false)]
    [InlineData("love mart cashier", true)]
    [InlineData("tea house cashier", true)]
    [InlineData("the system", false)]
    public void A_communitys_merchants_are_listed_for_its_staff_city_admins_and_cashiers_who_see_their_own(string reader, bool may) =>
        Assert.Equal(may, ReadAccess.CanListMerchants(Readers[reader], Riverside));

    [Theory]
    [InlineData("city admin", true)]
    [InlineData("Riverside staff", true)]
    [InlineData("Hillside staff", false)]
    [InlineData("Ana", false)]
    [InlineData("love mart cashier", false)]
    [InlineData("the system", false)]
    public void A_communitys_work_queues_are_read_by_its_staff_and_city_admins(string reader, bool may) =>
        Assert.Equal(may, ReadAccess.CanReadCommunityQueues(Readers[reader], Riverside));

    [Theory]
    [InlineData("city admin", true)]
    [InlineData("Hillside staff", true)]
    [InlineData("Ana", true)]
    [InlineData("tea house cashier", true)]
    [InlineData("the system", false)]
    public void The_board_of_communities_and_projects_is_read_by_every_signed_in_person(string reader, bool may) =>
        Assert.Equal(may, ReadAccess.CanReadBoard(Readers[reader]));
}
