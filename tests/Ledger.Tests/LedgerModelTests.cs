using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Tests.Model;
using TimeBank.Ledger.Tests.Properties;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Tests;

/// <summary>The model routes commands and follows a decision with the steps the ledger takes after it.</summary>
public sealed class LedgerModelTests
{
    private static readonly DateTimeOffset Now = PropertyCity.Start.AddDays(1);
    private static readonly Guid Ana = PropertyCity.Volunteers[0];
    private static readonly Guid Ben = PropertyCity.Volunteers[1];
    private static readonly Guid RecordId = Guid.Parse("00000000-0000-0000-0000-0000000e0001");

    private readonly LedgerModel ledger = PropertyCity.NewLedger();

    private SubmitServiceRecord Submit(Guid? volunteer = null, long minutes = 90) => new(
        RecordId, volunteer ?? Ben, PropertyCity.Projects[0], Now.AddHours(-3), Now.AddHours(-1), minutes, "Visit", null, null, 5,
        "Mr Wang", ledger.StaffActor(PropertyCity.RiversideStaffId));

    private Outcome Verify() =>
        ledger.Execute(Guid.NewGuid(), new VerifyServiceRecord(RecordId, ledger.StaffActor(PropertyCity.RiversideStaffId)), Now);

    [Fact]
    public void A_verified_record_is_credited_to_the_volunteer_and_marked_credited()
    {
        ledger.Execute(Guid.NewGuid(), Submit(), Now);

        var outcome = Assert.IsType<Accepted>(Verify());

        Assert.Equal(
            [typeof(ServiceRecordVerified), typeof(ServiceRecordCredited), typeof(ServiceCredited)],
            outcome.Events.Select(e => e.GetType()));
        Assert.Equal(RecordStatus.Credited, ledger.RecordState(RecordId)!.Status);
        Assert.Equal((90, 90, 27), (ledger.AccountState(Ben)!.ServiceMinutes, ledger.AccountState(Ben)!.TimeCredits, ledger.AccountState(Ben)!.AvailablePoints));
    }

    [Fact]
    public void A_revoked_record_is_compensated_on_the_account()
    {
        ledger.Execute(Guid.NewGuid(), Submit(), Now);
        Verify();

        var outcome = ledger.Execute(Guid.NewGuid(), new RevokeServiceRecord(RecordId, "Duplicate", ledger.StaffActor(PropertyCity.RiversideStaffId)), Now);

        Assert.Equal([typeof(ServiceRecordRevoked), typeof(ServiceCreditRevoked)], Assert.IsType<Accepted>(outcome).Events.Select(e => e.GetType()));
        Assert.Equal(0, ledger.BalanceOf(AccountId.Volunteer(Ben), LedgerUnit.ServiceMinutes));
        Assert.Equal(0, ledger.BalanceOf(AccountId.Volunteer(Ben), LedgerUnit.Points));
    }

    [Fact]
    public void A_repeated_command_id_returns_the_first_outcome_and_appends_nothing()
    {
        var commandId = Guid.NewGuid();
        var first = ledger.Execute(commandId, Submit(), Now);
        var events = ledger.EventCount;

        Assert.Same(first, ledger.Execute(commandId, Submit(minutes: 60), Now.AddHours(1)));
        Assert.Equal(events, ledger.EventCount);
    }

    [Fact]
    public void A_refusal_is_remembered_under_its_command_id_too()
    {
        var commandId = Guid.NewGuid();

        var refused = Assert.IsType<Refused>(ledger.Execute(commandId, Submit(volunteer: PropertyCity.Volunteers[4]), Now));

        Assert.Equal(RefusalCodes.VolunteerNotFound, refused.Code);
        Assert.Same(refused, ledger.Execute(commandId, Submit(), Now));
        Assert.Null(ledger.RecordState(RecordId));
    }

    [Fact]
    public void A_submission_overlapping_a_record_in_the_model_is_refused()
    {
        ledger.Execute(Guid.NewGuid(), Submit(), Now);
        var overlapping = Submit() with { RecordId = Guid.NewGuid(), StartedAt = Now.AddHours(-2), EndedAt = Now.AddMinutes(-30) };

        Assert.Equal(RefusalCodes.RecordOverlaps, Assert.IsType<Refused>(ledger.Execute(Guid.NewGuid(), overlapping, Now)).Code);
    }

    [Fact]
    public void A_redemption_is_decided_with_the_state_of_the_merchant_concerned()
    {
        ledger.Execute(Guid.NewGuid(), Submit(), Now);
        Verify();
        var loveMart = PropertyCity.Merchants[0];
        ledger.Execute(Guid.NewGuid(), new IssueRedemptionCode(Ben, "12345678", Actor.Volunteer(Ben)), Now);
        var holdId = Guid.NewGuid();
        var held = ledger.Execute(Guid.NewGuid(), new HoldPoints(Ben, holdId, loveMart, "12345678", 20, Guid.NewGuid(), PropertyCity.Cashiers[0]), Now);
        ledger.Execute(Guid.NewGuid(), new SuspendMerchant(loveMart, "Audit", ledger.StaffActor(PropertyCity.RiversideStaffId)), Now);

        var completion = ledger.Execute(Guid.NewGuid(), new CompleteHold(Ben, holdId, PropertyCity.Cashiers[0]), Now);

        Assert.IsType<PointsHeld>(Assert.Single(Assert.IsType<Accepted>(held).Events));
        Assert.Equal(RefusalCodes.MerchantNotApproved, Assert.IsType<Refused>(completion).Code);
        Assert.Equal((7, 20), (ledger.AccountState(Ben)!.AvailablePoints, ledger.AccountState(Ben)!.HeldPoints));
        Assert.Equal(MerchantStatus.Suspended, ledger.MerchantState(loveMart)!.Status);
    }
}
