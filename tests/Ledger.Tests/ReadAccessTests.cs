using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Standings;
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

    /// <summary>
    /// A list of a volunteer's records shows each reader the records they may read one by one: Ana's record at Riverside
    /// and one she served at Hillside, for every reader.
    /// </summary>
    [Theory]
    [MemberData(nameof(ReaderNames))]
    public void A_list_of_a_volunteers_records_shows_each_reader_what_they_may_read_of_each(string reader)
    {
        var actor = Readers[reader];
        var atHillside = AnasRecord with { Id = new Guid("00000000-0000-0000-0000-0000000e0002"), CommunityId = Hillside };

        foreach (var record in new[] { AnasRecord, atHillside })
        {
            var shown = ReadAccess.RecordCommunitiesShown(actor, AnaId) is not { } communities || communities.Contains(record.CommunityId);
            Assert.Equal(ReadAccess.CanReadRecord(actor, record), shown);
        }
    }

    public static TheoryData<string> ReaderNames => [.. Readers.Keys];

    /// <summary>
    /// One reader a row: Ana's account and record (her, staff of her home community, city admins), Riverside's love mart
    /// (its cashiers, staff of its community, city admins), Riverside's list of merchants (its staff, city admins, and every
    /// cashier, who then sees only their own), Riverside's work queues (its staff, city admins), the board (anyone signed in).
    /// </summary>
    [Theory]
    [InlineData("city admin", true, true, true, true, true)]
    [InlineData("Riverside staff", true, true, true, true, true)]
    [InlineData("Hillside staff", false, false, false, false, true)]
    [InlineData("Ana", true, false, false, false, true)]
    [InlineData("Ben", false, false, false, false, true)]
    [InlineData("love mart cashier", false, true, true, false, true)]
    [InlineData("tea house cashier", false, false, true, false, true)]
    [InlineData("the system", false, false, false, false, false)]
    public void Each_reader_reads_what_the_product_says(string reader, bool account, bool merchant, bool merchants, bool queues, bool board)
    {
        var actor = Readers[reader];

        Assert.Equal(account, ReadAccess.CanReadAccount(actor, AnasAccount));
        Assert.Equal(account, ReadAccess.CanReadRecord(actor, AnasRecord));
        Assert.Equal(merchant, ReadAccess.CanReadMerchant(actor, RiversideLoveMart));
        Assert.Equal(merchants, ReadAccess.CanListMerchants(actor, Riverside));
        Assert.Equal(queues, ReadAccess.CanReadCommunityQueues(actor, Riverside));
        Assert.Equal(board, ReadAccess.CanReadBoard(actor));
    }

    /// <summary>
    /// The lists staff and admins start from: every community to a city admin, their own to staff, none to anyone else
    /// (who find theirs in <c>me</c>); Riverside's volunteers, masked, to its staff and city admins.
    /// </summary>
    [Theory]
    [InlineData("city admin", true, true, true, true)]
    [InlineData("Riverside staff", true, true, false, true)]
    [InlineData("Hillside staff", true, false, true, false)]
    [InlineData("Ana", false, false, false, false)]
    [InlineData("Ben", false, false, false, false)]
    [InlineData("love mart cashier", false, false, false, false)]
    [InlineData("the system", false, false, false, false)]
    public void Each_reader_lists_what_the_product_says(string reader, bool communities, bool listsRiverside, bool listsHillside, bool riversideVolunteers)
    {
        var actor = Readers[reader];

        Assert.Equal(communities, ReadAccess.CanListCommunities(actor));
        Assert.Equal(listsRiverside, ReadAccess.ListsCommunity(actor, Riverside));
        Assert.Equal(listsHillside, ReadAccess.ListsCommunity(actor, Hillside));
        Assert.Equal(riversideVolunteers, ReadAccess.CanListVolunteers(actor, Riverside));
    }

    // KPIs: Riverside and Hillside lie on two streets of 市南区; Lakeside in 崂山区.

    private static readonly Guid Lakeside = new("00000000-0000-0000-0000-00000000c0c3");
    private static readonly Area RiversideArea = Area.OfCommunity(Riverside, "市南区", "八大湖街道");
    private static readonly Area HillsideArea = Area.OfCommunity(Hillside, "市南区", "湛山街道");
    private static readonly Area LakesideArea = Area.OfCommunity(Lakeside, "崂山区", "沙子口街道");
    private static readonly Actor SouthAdmin = Actor.DistrictAdmin(new Guid("00000000-0000-0000-0000-0000000ad002"), "市南区");

    public static TheoryData<string, bool, bool, bool, bool, bool, bool> KpiReaders => new()
    {
        // reader: Riverside, Hillside, Lakeside, 八大湖街道, 市南区, the city
        { "city admin", true, true, true, true, true, true },
        { "市南区 admin", true, true, false, true, true, false },
        { "Riverside staff", true, false, false, false, false, false },
        { "Hillside staff", false, true, false, false, false, false },
        { "Ana", false, false, false, false, false, false },
        { "love mart cashier", false, false, false, false, false, false },
        { "the system", false, false, false, false, false, false },
    };

    /// <summary>
    /// KPIs: city admins every area; a district admin their district and every street and community in it (not another
    /// district's, nor the city); staff their own communities only; volunteers, cashiers: none.
    /// </summary>
    [Theory]
    [MemberData(nameof(KpiReaders))]
    public void Kpis_are_read_by_the_areas_own_people(string reader, bool riverside, bool hillside, bool lakeside, bool street, bool district, bool city)
    {
        var actor = reader == "市南区 admin" ? SouthAdmin : Readers[reader];

        Assert.Equal(
            [riverside, hillside, lakeside, street, district, city],
            new[] { RiversideArea, HillsideArea, LakesideArea, Area.OfStreet("市南区", "八大湖街道"), Area.OfDistrict("市南区"), Area.City }
                .Select(area => ReadAccess.CanReadKpis(actor, area)));
        Assert.Equal(riverside || hillside || lakeside, ReadAccess.ReadsKpis(actor));
    }

    /// <summary>A district's policy in force: the city office that sets it — city admins every district's, a district admin their own; nobody else.</summary>
    [Theory]
    [InlineData("city admin", true, true)]
    [InlineData("市南区 admin", true, false)]
    [InlineData("Riverside staff", false, false)]
    [InlineData("Ana", false, false)]
    [InlineData("love mart cashier", false, false)]
    [InlineData("the system", false, false)]
    public void A_districts_policy_is_read_by_the_city_office(string reader, bool south, bool hills)
    {
        var actor = reader == "市南区 admin" ? SouthAdmin : Readers[reader];

        Assert.Equal((south, hills), (ReadAccess.CanReadPolicy(actor, "市南区"), ReadAccess.CanReadPolicy(actor, "崂山区")));
    }
}
