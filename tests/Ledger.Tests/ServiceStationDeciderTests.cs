using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Stations;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests;

public sealed class ServiceStationDeciderTests
{
    private static readonly Actor CityAdmin = Actor.CityAdmin(new Guid("00000000-0000-0000-0000-00000000e001"));
    private static readonly Guid StationId = new("00000000-0000-0000-0000-00000000d001");
    private static readonly Community RiversideCommunity = new(Riverside, "Riverside", "River street", "Shinan", []);

    /// <summary>Today in China time: 2026-06-15 (Now is 20:00 there).</summary>
    private static readonly DateOnly Today = new(2026, 6, 15);

    private static ServiceStation Registered() => ServiceStation.FromRegistration(
        ServiceStationDecider.Register(new RegisterServiceStation(StationId, Riverside, " 河畔志愿服务站 ", RiversideStaff), null, RiversideCommunity, Now));

    private static ServiceStation Apply(ServiceStation state, ServiceStationCommand command, DateTimeOffset? at = null) =>
        ServiceStationDecider.Decide(command, state, at ?? Now).Aggregate(state, (s, e) => ServiceStation.Evolve(s, e)!);

    private static string Refusal(Action act) => Assert.Throws<LedgerRefusal>(act).Code;

    [Fact]
    public void Staff_register_a_station_in_their_community()
    {
        var station = Registered();
        Assert.Equal((StationId, Riverside, "河畔志愿服务站"), (station.Id, station.CommunityId, station.Name));
        Assert.Empty(station.Attested);
    }

    [Fact]
    public void Registration_is_for_staff_of_the_community_or_a_city_admin_in_a_community_that_exists_once()
    {
        var register = new RegisterServiceStation(StationId, Riverside, "站", RiversideStaff);
        Assert.Equal(RefusalCodes.NotStaffOfCommunity, Refusal(() => ServiceStationDecider.Register(register with { Actor = HillsideStaff }, null, RiversideCommunity, Now)));
        Assert.Equal(RefusalCodes.NotStaffOfCommunity, Refusal(() => ServiceStationDecider.Register(register with { Actor = Ana }, null, RiversideCommunity, Now)));
        Assert.Equal(RefusalCodes.NotFound, Refusal(() => ServiceStationDecider.Register(register with { Actor = CityAdmin }, null, null, Now)));
        Assert.Equal(RefusalCodes.AlreadyExists, Refusal(() => ServiceStationDecider.Register(register, Registered(), RiversideCommunity, Now)));
        Assert.Equal(RefusalCodes.InvalidInput, Refusal(() => ServiceStationDecider.Register(register with { Name = " " }, null, RiversideCommunity, Now)));
        Assert.Equal(RefusalCodes.TextTooLong, Refusal(() => ServiceStationDecider.Register(
            register with { Name = new string('站', TextLimits.Name + 1) }, null, RiversideCommunity, Now)));
    }

    [Theory]
    [InlineData(StationHave.Place)]
    [InlineData(StationHave.Facilities)]
    [InlineData(StationHave.Rules)]
    public void Staff_attest_place_facilities_and_rules_as_of_a_day_and_withdraw_them(StationHave have)
    {
        var attested = Apply(Registered(), new AttestStationHave(StationId, have, Today, RiversideStaff));
        Assert.Equal(new AttestedHave(have, Today, RiversideStaffId, Now), attested.AttestationOf(have));

        var again = Apply(attested, new AttestStationHave(StationId, have, Today.AddDays(-3), CityAdmin));
        Assert.Equal(Today.AddDays(-3), Assert.Single(again.Attested).AttestedOn);

        var withdrawn = Apply(again, new WithdrawStationHave(StationId, have, "场地收回", RiversideStaff));
        Assert.Null(withdrawn.AttestationOf(have));
        Assert.Equal(RefusalCodes.StationHaveNotAttested, Refusal(() => Apply(withdrawn, new WithdrawStationHave(StationId, have, "再次", RiversideStaff))));
    }

    [Theory]
    [InlineData(StationHave.Team)]
    [InlineData(StationHave.Service)]
    [InlineData(StationHave.Records)]
    [InlineData((StationHave)42)]
    public void Team_service_and_records_are_computed_not_attested(StationHave have)
    {
        Assert.Equal(RefusalCodes.StationHaveNotAttestable, Refusal(() => Apply(Registered(), new AttestStationHave(StationId, have, Today, RiversideStaff))));
        Assert.Equal(RefusalCodes.StationHaveNotAttestable, Refusal(() => Apply(Registered(), new WithdrawStationHave(StationId, have, "x", RiversideStaff))));
    }

    [Fact]
    public void An_attestation_is_not_after_today_in_China_time()
    {
        // 2026-06-15T23:00Z is already the 16th in China.
        var lateUtc = new DateTimeOffset(2026, 6, 15, 23, 0, 0, TimeSpan.Zero);
        Assert.NotNull(Apply(Registered(), new AttestStationHave(StationId, StationHave.Place, Today.AddDays(1), RiversideStaff), lateUtc).AttestationOf(StationHave.Place));
        Assert.Equal(RefusalCodes.InvalidInput, Refusal(() => Apply(Registered(), new AttestStationHave(StationId, StationHave.Place, Today.AddDays(1), RiversideStaff))));
    }

    [Fact]
    public void A_withdrawal_needs_a_reason()
    {
        var attested = Apply(Registered(), new AttestStationHave(StationId, StationHave.Rules, Today, RiversideStaff));
        Assert.Equal(RefusalCodes.ReasonRequired, Refusal(() => Apply(attested, new WithdrawStationHave(StationId, StationHave.Rules, " ", RiversideStaff))));
    }

    [Fact]
    public void To_staff_of_another_community_the_station_does_not_exist()
    {
        var attested = Apply(Registered(), new AttestStationHave(StationId, StationHave.Place, Today, RiversideStaff));
        foreach (var outsider in new[] { HillsideStaff, Ana })
        {
            Assert.Equal(RefusalCodes.NotFound, Refusal(() => Apply(attested, new AttestStationHave(StationId, StationHave.Rules, Today, outsider))));
            Assert.Equal(RefusalCodes.NotFound, Refusal(() => Apply(attested, new WithdrawStationHave(StationId, StationHave.Place, "x", outsider))));
        }

        Assert.Equal(RefusalCodes.NotFound, Refusal(() => ServiceStationDecider.Decide(new AttestStationHave(StationId, StationHave.Place, Today, RiversideStaff), null, Now)));
    }
}
