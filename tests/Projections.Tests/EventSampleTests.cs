using System.Reflection;
using Marten;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Certificates;
using TimeBank.Ledger.Commendations;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Gifts;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.Needs;
using TimeBank.Ledger.Organizations;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Slots;
using TimeBank.Ledger.Stations;
using TimeBank.Ledger.Units;

namespace TimeBank.Projections.Tests;

/// <summary>
/// Stored history must stay readable: one of each event, serialized as Marten stores it, must equal the checked-in
/// sample. A difference means a change to stored data: make it an additive change or a new versioned event.
/// Set TIMEBANK_UPDATE_SAMPLES=1 to write the samples after a deliberate change.
/// </summary>
public sealed class EventSampleTests
{
    private static readonly Guid Volunteer = Guid.Parse("0195f3a0-0000-7000-8000-000000000001");
    private static readonly Guid Community = Guid.Parse("0195f3a0-0000-7000-8000-000000000002");
    private static readonly Guid Record = Guid.Parse("0195f3a0-0000-7000-8000-000000000003");
    private static readonly Guid Staff = Guid.Parse("0195f3a0-0000-7000-8000-000000000004");
    private static readonly Guid Project = Guid.Parse("0195f3a0-0000-7000-8000-000000000005");
    private static readonly Guid Merchant = Guid.Parse("0195f3a0-0000-7000-8000-000000000006");
    private static readonly Guid Cashier = Guid.Parse("0195f3a0-0000-7000-8000-000000000007");
    private static readonly Guid Hold = Guid.Parse("0195f3a0-0000-7000-8000-000000000008");
    private static readonly Guid TillRequest = Guid.Parse("0195f3a0-0000-7000-8000-000000000009");
    private static readonly Guid Certificate = Guid.Parse("0195f3a0-0000-7000-8000-00000000000a");
    private static readonly Guid Commendation = Guid.Parse("0195f3a0-0000-7000-8000-00000000000b");
    private static readonly Guid Organization = SocialOrganizationName.IdOf(Community, "八大关银龄互助队");
    private static readonly Guid Station = Guid.Parse("0195f3a0-0000-7000-8000-00000000000c");
    private static readonly Guid Slot = Guid.Parse("0195f3a0-0000-7000-8000-00000000000d");
    private static readonly Guid Need = Guid.Parse("0195f3a0-0000-7000-8000-00000000000d");
    private static readonly Guid Helper = Guid.Parse("0195f3a0-0000-7000-8000-00000000000e");
    private static readonly Guid Transfer = Guid.Parse("0195f3a0-0000-7000-8000-00000000000f");
    private static readonly Guid Relative = Guid.Parse("0195f3a0-0000-7000-8000-00000000000d");
    private static readonly Guid GiftTransfer = Guid.Parse("0195f3a0-0000-7000-8000-00000000000e");
    private static readonly Guid Relation = TimeBank.Ledger.Gifts.Relation.IdOf(Volunteer, Relative);
    private static readonly CertificatePeriod Period = new(new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 28));
    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 30, 0, TimeSpan.FromHours(8));

    public static TheoryData<string> EventNames => [.. LedgerEvents.StoredNames.Values];

    /// <summary>One of each event, by stored name.</summary>
    internal static IReadOnlyDictionary<string, object> Samples { get; } = new object[]
    {
        new CommunityRegistered(Community, "八大关社区", "八大关街道", "市南区", Staff, At),
        new StaffAssigned(Community, Staff, Staff, At),
        new ProjectPublished(Project, Community, "助老服务", "elderly", 150, true, "活动室", Staff, At),
        new VolunteerRegistered(Volunteer, Community, "V-0001", Staff, At),
        new ServiceCredited(Volunteer, Record, Community, 90, 90, 0, 0, 22, 0, At.AddMonths(24),
            [new Posting(AccountId.Issuance(Community), AccountId.Volunteer(Volunteer), LedgerUnit.ServiceMinutes, 90)], At),
        new ServiceCreditRevoked(Volunteer, Record, Community, 90, 90, 30, 0, 22, 0, 5, [new LotDraw(Record, 17)], "重复登记", Staff,
            [new Posting(AccountId.Volunteer(Volunteer), AccountId.Issuance(Community), LedgerUnit.Points, 22)], At),
        new PointsExpired(Volunteer, Record, Community, 22,
            [new Posting(AccountId.Volunteer(Volunteer), AccountId.Expiry(Community), LedgerUnit.Points, 22)], At),
        new StarAwarded(Volunteer, 1, 6000, At),
        new StarWithdrawn(Volunteer, 1, 5940, At),
        new PersonalDataErased(Volunteer, Staff, At),
        new PublicBoardsLeft(Volunteer, At),
        new PublicBoardsRejoined(Volunteer, At),
        new ServiceRecordSubmitted(Record, Volunteer, Project, Community, "助老服务", "elderly", 150, true, "活动室",
            At.AddHours(-2), At, 90, "陪伴老人", null, 5, "张主任", Staff, At),
        new ServiceRecordVerified(Record, Volunteer, Staff, At),
        new ServiceRecordRejected(Record, "时间有误", Staff, At),
        new ServiceRecordCredited(Record, Volunteer, At),
        new ServiceRecordRevoked(Record, Volunteer, "重复登记", Staff, At),
        new ServiceCreditedAtHome(Record, Volunteer, Community, 90, 22, At),
        new ServiceCreditRevokedAtHome(Record, Volunteer, Community, 90, 22, At),
        new ServiceRecordContested(Record, "少记了半小时", Volunteer, At),
        new ServiceRecordAmended(Record, At.AddHours(-2), At, 120, "陪伴老人", "补记半小时", Staff, At),
        new MerchantRegistered(Merchant, Community, "八大关爱心超市", Staff, At),
        new MerchantApproved(Merchant, Staff, At),
        new MerchantSuspended(Merchant, "以积分换现金", Staff, At),
        new MerchantReinstated(Merchant, Staff, At),
        new RedemptionCodeIssued(Volunteer, "40417302", At, At.AddMinutes(2)),
        new PointsHeld(Volunteer, Hold, Merchant, "40417302", 30, TillRequest, [new LotDraw(Record, 30)], Cashier, At, At.AddMinutes(15)),
        new HoldCompleted(Volunteer, Hold, Merchant, 30, [new LotDraw(Record, 30)], Cashier,
            [new Posting(AccountId.Volunteer(Volunteer), AccountId.Merchant(Merchant), LedgerUnit.Points, 30)], At),
        new HoldVoided(Volunteer, Hold, Merchant, 30, [new LotDraw(Record, 25)], 5, Cashier, At),
        new HoldExpired(Volunteer, Hold, Merchant, 30, [new LotDraw(Record, 30)], 0, At),
        new PointsRefunded(Volunteer, Hold, Merchant, 10, TillRequest, [new LotDraw(Record, 8)], 2, Cashier,
            [new Posting(AccountId.Merchant(Merchant), AccountId.Volunteer(Volunteer), LedgerUnit.Points, 10)], At),
        new CertificateRequested(Certificate, Volunteer, Community, Period, Volunteer, At),
        new CertificateRequestDeclined(Certificate, "记录尚未核实", Staff, At),
        new CertificateIssued(Certificate, Volunteer, Community, 2026, 7,
            new CertificateContent(CertificateKind.Service, "BDG-2026-000007", Certificate, Community, "V-0001", "sha256:9f2c…", Period,
                [new CertifiedRecord(Record, "助老服务", new DateOnly(2026, 2, 27), "陪伴老人", 90)], 90, 1, "八大关社区",
                new CertificateSignatories("王主任", "李经办", "0532-8000 0000"), new DateOnly(2026, 3, 1), "特此证明"),
            new CertificateSeal("2026-03", "MEUCIQ…", "ABCD2345WXYZ"), Staff, At),
        new CertificateRevoked(Certificate, RevocationCategory.RecordsCorrected, "记录更正", Staff, At),
        new CertificateNumberTaken(CertificateRegister.IdOf(Community, 2026), Community, 2026, 7, Certificate, At),
        new CommendationGranted(Commendation, Volunteer, Community, "优秀志愿者", "三年如一日陪伴独居老人", new DateOnly(2026, 2, 28), "八大关街道办事处", Staff, At),
        new CommendationWithdrawn(Commendation, "嘉许有误", Staff, At),
        new SocialOrganizationRegistered(Organization, Community, "八大关银龄互助队", OrganizationKind.LivingServices, OrganizationStanding.Filed, "队长", Staff, At),
        new SocialOrganizationSuspended(Organization, Community, "换届未完成", Staff, At),
        new SocialOrganizationReinstated(Organization, Community, Staff, At),
        new SocialOrganizationDissolved(Organization, Community, "停止活动", Staff, At),
        new ServiceStationRegistered(Station, Community, "八大关志愿服务站", Staff, At),
        new StationHaveAttested(Station, Community, StationHave.Place, new DateOnly(2026, 2, 28), Staff, At),
        new StationHaveWithdrawn(Station, Community, StationHave.Place, "场地收回", Staff, At),
        new SlotPublished(Slot, Project, Community, "助老服务", At.AddDays(1), At.AddDays(1).AddHours(3), "活动室", 20, ["读报", "first aid"],
            At.AddDays(1).AddHours(-2), "ABCD2345", "张主任", Staff, At),
        new VolunteerSignedUp(Slot, Volunteer, At),
        new VolunteerWaitListed(Slot, Volunteer, At),
        new SignUpWithdrawn(Slot, Volunteer, false, At),
        new WaitingVolunteerMovedUp(Slot, Volunteer, At),
        new VolunteerCheckedIn(Slot, Volunteer, Volunteer, true, At),
        new VolunteerCheckedOut(Slot, Volunteer, Record, Staff, false, At.AddHours(2)),
        new NoShowRecorded(Slot, Volunteer, Staff, At),
        new SlotCancelled(Slot, "暴雨", Staff, At),
        new SkillDeclared(Volunteer, "first aid", At),
        new SkillWithdrawn(Volunteer, "first aid", At),
        new SkillConfirmed(Volunteer, "first aid", Community, Staff, At),
        new NeedPosted(Need, Volunteer, Community, "陪同去医院复查", "八大关社区卫生服务中心", At.AddDays(2), 120, ["陪诊"], Volunteer, At.AddDays(9).AddHours(2), At),
        new NeedAccepted(Need, Helper, At),
        new NeedConfirmed(Need, Helper, 120, Transfer, Staff, true, At),
        new NeedCancelled(Need, Volunteer, false, At),
        new NeedDisputed(Need, Helper, "老人未在家", At),
        new NeedDisputeDecided(Need, Helper, 60, 60, Transfer, Staff, "只完成一半", At),
        new NeedExpired(Need, At),
        new TimeCreditsEscrowed(Volunteer, Need, Community, 120,
            [new Posting(AccountId.Volunteer(Volunteer), AccountId.Escrow(Need), LedgerUnit.TimeCredits, 120)], At),
        new EscrowReleased(Volunteer, Need, 120, 0, [new Posting(AccountId.Escrow(Need), AccountId.Volunteer(Volunteer), LedgerUnit.TimeCredits, 120)], At),
        new EscrowPaid(Volunteer, Need, Transfer, Helper, 60, 60, 0,
            [new Posting(AccountId.Escrow(Need), AccountId.Transit(Transfer), LedgerUnit.TimeCredits, 60),
             new Posting(AccountId.Escrow(Need), AccountId.Volunteer(Volunteer), LedgerUnit.TimeCredits, 60)], At),
        new NeedPaymentReceived(Helper, Need, Transfer, Volunteer, 60, 0, 0,
            [new Posting(AccountId.Transit(Transfer), AccountId.Volunteer(Helper), LedgerUnit.TimeCredits, 60)], At),
        new RelationRecorded(Relation, Volunteer, Relative, DirectRelation.Child, Community, Community, Staff, At),
        new RelationConfirmed(Relation, Volunteer, At),
        new RelationEnded(Relation, Relative, At),
        new GiftGiven(Volunteer, GiftTransfer, Relative, Relation, 60, 2026,
            [new Posting(AccountId.Volunteer(Volunteer), AccountId.Transit(GiftTransfer), LedgerUnit.TimeCredits, 60)], At),
        new GiftReceived(Relative, GiftTransfer, Volunteer, 60, 10, 2026,
            [new Posting(AccountId.Transit(GiftTransfer), AccountId.Volunteer(Relative), LedgerUnit.TimeCredits, 60)], At),
        new TimeCreditsDonated(Volunteer, GiftTransfer, Community, 30,
            [new Posting(AccountId.Volunteer(Volunteer), AccountId.Transit(GiftTransfer), LedgerUnit.TimeCredits, 30)], At),
        new PoolGrantReceived(Relative, GiftTransfer, Community, 45, 0,
            [new Posting(AccountId.Transit(GiftTransfer), AccountId.Volunteer(Relative), LedgerUnit.TimeCredits, 45)], At),
        new GiftReturned(Volunteer, GiftTransfer, Relative, 60, 0, 2026, "RECEIVER_CAP_EXCEEDED",
            [new Posting(AccountId.Transit(GiftTransfer), AccountId.Volunteer(Volunteer), LedgerUnit.TimeCredits, 60)], At),
        new GiftTurnedBack(Relative, GiftTransfer, Volunteer, 60, "RECEIVER_CAP_EXCEEDED", At),
        new PoolOverflowReceived(Community, Record, Volunteer, 20, At),
        new PoolOverflowReturned(Community, Record, Volunteer, 20, 5, At),
        new PoolDonationReceived(Community, GiftTransfer, Volunteer, 30,
            [new Posting(AccountId.Transit(GiftTransfer), AccountId.Pool(Community), LedgerUnit.TimeCredits, 30)], At),
        new PoolGranted(Community, GiftTransfer, Relative, 45, "独居老人术后需要陪护", Staff,
            [new Posting(AccountId.Pool(Community), AccountId.Transit(GiftTransfer), LedgerUnit.TimeCredits, 45)], At),
    }.ToDictionary(e => LedgerEvents.StoredNames[e.GetType()]);

    [Fact]
    public void Every_event_of_the_domain_has_a_pinned_name_and_a_sample()
    {
        Assert.All(LedgerEvents.All, t => Assert.True(t.GetCustomAttribute<StoredAsAttribute>() is not null, $"{t.Name} has no [StoredAs] name."));
        Assert.Equal(LedgerEvents.StoredNames.Values.Order(), Samples.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Stored_form_of_each_event_matches_its_sample(string name)
    {
        var serializer = new StoreOptions().UseLedgerSerialization().Serializer();
        var json = serializer.ToJson(Samples[name]);
        var path = Path.Combine(SamplesFolder(), name + ".json");

        if (Environment.GetEnvironmentVariable("TIMEBANK_UPDATE_SAMPLES") == "1")
        {
            File.WriteAllText(path, json);
        }

        Assert.True(File.Exists(path), $"No sample {path}: run with TIMEBANK_UPDATE_SAMPLES=1 once the event is final.");
        Assert.Equal(File.ReadAllText(path), json);

        // The stored form reads back into the same event.
        Assert.Equal(serializer.ToJson(serializer.FromJson(Samples[name].GetType(), new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)))), json);
    }

    private static string SamplesFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TimeBank.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("TimeBank.sln not found"), "tests", "Projections.Tests", "EventSamples");
    }
}
