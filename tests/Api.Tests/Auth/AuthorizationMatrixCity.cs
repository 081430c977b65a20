using TimeBank.Api.Commands;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Ledger;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Auth;

/// <summary>
/// The city the authorization matrix runs in, built once: community A (its staff, a project, volunteers V1 and V2),
/// community B (its staff), a merchant, the city admin, a commendation of V1 per caller of its withdrawal; a credited record
/// of V1 that community A certifies: an issued certificate that is only read and verified, a requested certificate per
/// caller of its issue and of its decline, an issued one per caller of its revocation, and a bulk issuance of A; for every caller of every operation on a record, a record of V1
/// of its own in the state the operation needs, so that no cell depends on another. The merchant caller is a cashier of
/// an approved merchant of community A; every other caller of an operation on a merchant gets a merchant of A of its own,
/// in the state the operation needs.
/// </summary>
public sealed partial class AuthorizationMatrixCity : IAsyncLifetime
{
    public const string Anonymous = "anonymous";
    public const string VolunteerSelf = "volunteer (self)";
    public const string VolunteerOther = "volunteer (another)";
    public const string StaffOwn = "staff (own community)";
    public const string StaffOther = "staff (other community)";
    public const string Merchant = "merchant";
    public const string CityAdmin = "city admin";

    public static readonly string[] Callers = [Anonymous, VolunteerSelf, VolunteerOther, StaffOwn, StaffOther, Merchant, CityAdmin];

    /// <summary>The operations that act on an existing record, each given a record per caller.</summary>
    public static readonly string[] RecordOperations =
        ["verifyServiceRecords", "rejectServiceRecord", "revokeServiceRecord", "contestServiceRecord", "amendServiceRecord"];

    /// <summary>The operations that act on an existing merchant, each given a merchant per caller.</summary>
    public static readonly string[] MerchantOperations = ["approveMerchant", "suspendMerchant", "reinstateMerchant"];

    /// <summary>The operations that act on an existing hold, each given a hold of V1 at the merchant per caller.</summary>
    public static readonly string[] HoldOperations = ["completeHold", "voidHold", "refundRedemption"];

    /// <summary>The operations that act on an existing certificate of V1, each given one per caller: requested, or issued for a revocation.</summary>
    public static readonly string[] CertificateOperations = ["issueCertificate", "declineCertificateRequest", "revokeCertificate"];

    /// <summary>The operations that act on an existing social organization of A, each given one per caller in the state it needs.</summary>
    public static readonly string[] OrganizationOperations = ["suspendSocialOrganization", "reinstateSocialOrganization", "dissolveSocialOrganization"];

    /// <summary>The operations that act on an existing service station of A, each given one per caller (with its place attested).</summary>
    public static readonly string[] StationOperations = ["attestStationHave", "withdrawStationHave"];

    /// <summary>Operations on an existing need of V1 in community A (accepted by V2 where the operation needs it).</summary>
    public static readonly string[] NeedOperations = ["need", "acceptNeed", "confirmNeed", "cancelNeed", "disputeNeed", "decideNeedDispute"];

    private readonly Dictionary<(string Operation, string Caller), Guid> _needs = [];

    private readonly Dictionary<(string Operation, string Caller), Guid> _records = [];
    private readonly Dictionary<(string Operation, string Caller), Guid> _merchants = [];
    private readonly Dictionary<(string Operation, string Caller), Guid> _holds = [];
    private readonly Dictionary<string, Guid> _commendations = [];
    private readonly Dictionary<(string Operation, string Caller), Guid> _certificates = [];
    private readonly Dictionary<(string Operation, string Caller), Guid> _organizations = [];
    private readonly Dictionary<(string Operation, string Caller), Guid> _stations = [];
    private readonly Dictionary<Guid, (DateTimeOffset Start, DateTimeOffset End)> _slots = [];
    private int _nextDay;

    public TimeBankApp App { get; } = new MatrixApp();

    public TestCity A { get; private set; } = null!;
    public TestCity B { get; private set; } = null!;
    public Guid V1 { get; private set; }
    public Guid V2 { get; private set; }
    public Actor MerchantCashier { get; } = Actor.Merchant(Guid.CreateVersion7(), Guid.CreateVersion7());

    /// <summary>The approved merchant of community A that <see cref="MerchantCashier"/> works for.</summary>
    public Guid CashiersMerchant => MerchantCashier.MerchantId!.Value;

    /// <summary>A submitted record of V1, only read.</summary>
    public Guid ReadRecord { get; private set; }

    /// <summary>An issued certificate of V1 by community A, only read and verified.</summary>
    public Guid ReadCertificate { get; private set; }

    /// <summary>The number of <see cref="ReadCertificate"/>, as printed.</summary>
    public string ReadCertificateNumber { get; private set; } = "";

    /// <summary>The verification code printed beside <see cref="ReadCertificateNumber"/>.</summary>
    public string ReadCertificateCode { get; private set; } = "";

    /// <summary>The signed token the QR code of <see cref="ReadCertificate"/> carries.</summary>
    public string ReadCertificateToken { get; private set; } = "";

    /// <summary>A bulk issuance of community A's certificates, only read.</summary>
    public Guid BulkJob { get; private set; }

    /// <summary>The day of V1's credited service that community A certifies (China time): the period of every certificate here.</summary>
    public DateOnly CertifiedDay { get; private set; }

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        // Community A's district awards a star from an hour of service, so V1 has one to certify (issueStarCertificate).
        A = await TestCity.CreateAsync(App, TimeBankApp.LowStarDistrict);
        B = await TestCity.CreateAsync(App);
        V1 = await A.RegisterVolunteerAsync();
        V2 = await A.RegisterVolunteerAsync();
        // First: the slots move the service's clock on, before anything with a lifetime (codes, holds) is made.
        await SlotsAsync();
        ReadRecord = await SubmitAsync();
        foreach (var operation in RecordOperations)
        {
            foreach (var caller in Callers)
            {
                _records[(operation, caller)] = operation == "revokeServiceRecord" ? await CreditedAsync() : await SubmitAsync();
            }
        }

        await MerchantAsync(CashiersMerchant, approved: true);
        foreach (var operation in MerchantOperations)
        {
            foreach (var caller in Callers)
            {
                _merchants[(operation, caller)] = caller == Merchant
                    ? CashiersMerchant
                    : await MerchantAsync(Guid.CreateVersion7(), approved: operation != "approveMerchant", suspended: operation == "reinstateMerchant");
            }
        }

        // A commendation of V1, granted by community A, per caller of withdrawCommendation.
        foreach (var caller in Callers)
        {
            var commendationId = Guid.CreateVersion7();
            TestCity.Accept(await App.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Commendations.GrantCommendation(
                commendationId, V1, A.CommunityId, "优秀志愿者", "矩阵测试", new DateOnly(2026, 1, 1), "矩阵街道办事处", A.Staff))));
            _commendations[caller] = commendationId;
        }

        await CertificatesAsync();
        await CommunityBodiesAsync();
        await NeedsAsync();
        await GiftsAsync();

        // A hold of V1 at the cashier's merchant per hold operation and caller.
        var tills = new Redemptions.TillCity(App, A);
        foreach (var operation in HoldOperations)
        {
            foreach (var caller in Callers)
            {
                var hold = (await tills.HoldAsync(MerchantCashier, await tills.CodeAsync(V1), 1, Guid.NewGuid())).HoldId;
                if (operation == "refundRedemption")
                {
                    (await tills.CompleteAsync(MerchantCashier, hold)).Ok();
                }

                _holds[(operation, caller)] = hold;
            }
        }
    }

    public Guid HoldFor(string operation, string caller) => _holds[(operation, caller)];

    public Guid NeedFor(string operation, string caller) => _needs[(operation, caller)];

    /// <summary>A need of V1 (a minute of its time credits) per need operation and caller: open, accepted by V2, or disputed.</summary>
    private async Task NeedsAsync()
    {
        foreach (var operation in NeedOperations)
        {
            foreach (var caller in Callers)
            {
                var needId = Guid.CreateVersion7();
                TestCity.Accept(await App.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Needs.PostNeed(
                    needId, V1, A.CommunityId, "矩阵需求", "活动室", DateTimeOffset.UtcNow.AddDays(2), 1, [], Actor.Volunteer(V1)))));
                if (operation is "confirmNeed" or "disputeNeed" or "decideNeedDispute")
                {
                    TestCity.Accept(await App.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Needs.AcceptNeed(needId, Actor.Volunteer(V2)))));
                }

                if (operation == "decideNeedDispute")
                {
                    TestCity.Accept(await App.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Needs.DisputeNeed(needId, "矩阵测试", Actor.Volunteer(V1)))));
                }

                _needs[(operation, caller)] = needId;
            }
        }
    }

    /// <summary>A social organization of A of the caller's own: active, or suspended for <c>reinstateSocialOrganization</c>.</summary>
    public Guid OrganizationFor(string operation, string caller) => _organizations[(operation, caller)];

    /// <summary>A service station of A of the caller's own, its place attested.</summary>
    public Guid StationFor(string operation, string caller) => _stations[(operation, caller)];

    /// <summary>The name <c>registerSocialOrganization</c> registers for <paramref name="target"/>, and the organization's id it gives in A.</summary>
    public static string OrganizationName(Guid target) => "矩阵组织" + target.ToString("N");

    public Guid OrganizationOf(Guid target) => TimeBank.Ledger.Organizations.SocialOrganizationName.IdOf(A.CommunityId, OrganizationName(target));

    private async Task CommunityBodiesAsync()
    {
        foreach (var operation in OrganizationOperations)
        {
            foreach (var caller in Callers)
            {
                var name = $"矩阵组织{_organizations.Count}";
                TestCity.Accept(await App.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Organizations.RegisterSocialOrganization(
                    A.CommunityId, name, TimeBank.Ledger.Organizations.OrganizationKind.Other, TimeBank.Ledger.Organizations.OrganizationStanding.Filed, "会长", A.Staff))));
                var id = TimeBank.Ledger.Organizations.SocialOrganizationName.IdOf(A.CommunityId, name);
                if (operation == "reinstateSocialOrganization")
                {
                    TestCity.Accept(await App.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Organizations.SuspendSocialOrganization(id, "矩阵测试", A.Staff))));
                }

                _organizations[(operation, caller)] = id;
            }
        }

        foreach (var operation in StationOperations)
        {
            foreach (var caller in Callers)
            {
                var id = Guid.CreateVersion7();
                TestCity.Accept(await App.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Stations.RegisterServiceStation(id, A.CommunityId, "矩阵志愿服务站", A.Staff))));
                TestCity.Accept(await App.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Stations.AttestStationHave(
                    id, TimeBank.Ledger.Stations.StationHave.Place, new DateOnly(2026, 1, 1), A.Staff))));
                _stations[(operation, caller)] = id;
            }
        }
    }

    /// <summary>A certificate of V1 by community A of the caller's own: requested, or issued for <c>revokeCertificate</c>.</summary>
    public Guid CertificateFor(string operation, string caller) => _certificates[(operation, caller)];

    /// <summary>The signatories every certificate here names.</summary>
    public static object Signatories(Guid commandId, Guid? certificateId = null) =>
        new { commandId, certificateId, personInCharge = "李主任", handlingOfficer = "赵经办", contact = "0532-8888 8888", notes = "矩阵测试" };

    private async Task CertificatesAsync()
    {
        var record = (await App.LoadAsync<ServiceRecord>(await CreditedAsync()))!;
        CertifiedDay = TimeBank.Ledger.Units.ChinaTime.DayOf(record.StartedAt);
        var client = new LedgerGraphQLClient(App);
        var volunteer = TestTokens.For(Actor.Volunteer(V1));
        var staff = TestTokens.For(A.Staff);
        var day = CertifiedDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        async Task<Guid> RequestedAsync()
        {
            var certificateId = Guid.CreateVersion7();
            (await client.SendAsync(volunteer, "mutation($input: RequestCertificateInput!) { requestCertificate(input: $input) { certificate { certificateId } } }",
                new { input = new { commandId = Guid.CreateVersion7(), certificateId, communityId = A.CommunityId, from = day, to = day } })).Ok("requestCertificate.certificate");
            return certificateId;
        }

        async Task<System.Text.Json.Nodes.JsonNode> IssuedAsync()
        {
            var certificateId = await RequestedAsync();
            return (await client.SendAsync(staff,
                "mutation($input: IssueCertificateInput!) { issueCertificate(input: $input) { certificate { certificateId number verificationCode verificationAddress } } }",
                new { input = Signatories(Guid.CreateVersion7(), certificateId) })).Ok("issueCertificate.certificate");
        }

        var read = await IssuedAsync();
        ReadCertificate = Guid.Parse(read["certificateId"]!.GetValue<string>());
        ReadCertificateNumber = read["number"]!.GetValue<string>();
        ReadCertificateCode = read["verificationCode"]!.GetValue<string>();
        var address = read["verificationAddress"]!.GetValue<string>();
        ReadCertificateToken = Uri.UnescapeDataString(address[(address.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..].Split('&')[0]);

        foreach (var operation in CertificateOperations)
        {
            foreach (var caller in Callers)
            {
                _certificates[(operation, caller)] = operation == "revokeCertificate"
                    ? Guid.Parse((await IssuedAsync())["certificateId"]!.GetValue<string>())
                    : await RequestedAsync();
            }
        }

        BulkJob = Guid.CreateVersion7();
        (await client.SendAsync(staff, "mutation($input: StartBulkIssuanceInput!) { startBulkIssuance(input: $input) { jobId } }",
            new { input = BulkIssuanceInput(BulkJob) })).Ok("startBulkIssuance");
    }

    /// <summary>The input of a bulk issuance of community A for the year of <see cref="CertifiedDay"/>.</summary>
    public object BulkIssuanceInput(Guid jobId) =>
        new { commandId = jobId, communityId = A.CommunityId, year = CertifiedDay.Year, personInCharge = "李主任", handlingOfficer = "赵经办", contact = "0532-8888 8888", notes = "矩阵测试" };

    /// <summary>A live code of V1, as V1's app shows it.</summary>
    public Task<string> CodeOfV1Async() => new Redemptions.TillCity(App, A).CodeAsync(V1);

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>The caller's bearer token; <see langword="null"/> for the anonymous caller.</summary>
    public string? TokenOf(string caller) => caller switch
    {
        Anonymous => null,
        VolunteerSelf => TestTokens.For(Actor.Volunteer(V1)),
        VolunteerOther => TestTokens.For(Actor.Volunteer(V2)),
        StaffOwn => TestTokens.For(A.Staff),
        StaffOther => TestTokens.For(B.Staff),
        Merchant => TestTokens.For(MerchantCashier),
        CityAdmin => TestTokens.For(TimeBankApp.CityAdmin),
        _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, null),
    };

    public Guid RecordFor(string operation, string caller) => _records[(operation, caller)];

    public Guid MerchantFor(string operation, string caller) => _merchants[(operation, caller)];

    /// <summary>A standing commendation of V1, granted by community A, of the caller's own.</summary>
    public Guid CommendationFor(string caller) => _commendations[caller];

    private async Task<Guid> MerchantAsync(Guid merchantId, bool approved, bool suspended = false)
    {
        TestCity.Accept(await App.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Merchants.RegisterMerchant(merchantId, A.CommunityId, "矩阵爱心超市", A.Staff))));
        if (approved)
        {
            TestCity.Accept(await App.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Merchants.ApproveMerchant(merchantId, A.Staff))));
        }

        if (suspended)
        {
            TestCity.Accept(await App.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Merchants.SuspendMerchant(merchantId, "矩阵测试", A.Staff))));
        }

        return merchantId;
    }

    /// <summary>The times of a record made here, or of a record that does not exist: a slot of its own.</summary>
    public (DateTimeOffset Start, DateTimeOffset End) SlotOf(Guid recordId)
    {
        lock (_slots)
        {
            if (!_slots.TryGetValue(recordId, out var slot))
            {
                slot = TestCity.Slot(Interlocked.Increment(ref _nextDay));
                _slots[recordId] = slot;
            }

            return slot;
        }
    }

    private async Task<Guid> SubmitAsync()
    {
        var submission = A.Submission(V1, day: Interlocked.Increment(ref _nextDay));
        TestCity.Accept(await App.SendAsync(Idempotent.Of(Guid.CreateVersion7(), submission)));
        _slots[submission.RecordId] = (submission.StartedAt, submission.EndedAt);
        return submission.RecordId;
    }

    private async Task<Guid> CreditedAsync()
    {
        var recordId = await A.CreditedRecordAsync(V1, day: Interlocked.Increment(ref _nextDay));
        var record = (await App.LoadAsync<ServiceRecord>(recordId))!;
        _slots[recordId] = (record.StartedAt, record.EndedAt);
        return recordId;
    }
}
