using TimeBank.Api.Commands;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Ledger;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Auth;

/// <summary>
/// The city the authorization matrix runs in, built once: community A (its staff, a project, volunteers V1 and V2),
/// community B (its staff), a merchant, the city admin, a commendation of V1 per caller of its withdrawal; for every caller of every operation on a record, a record of V1
/// of its own in the state the operation needs, so that no cell depends on another. The merchant caller is a cashier of
/// an approved merchant of community A; every other caller of an operation on a merchant gets a merchant of A of its own,
/// in the state the operation needs.
/// </summary>
public sealed class AuthorizationMatrixCity : IAsyncLifetime
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

    private readonly Dictionary<(string Operation, string Caller), Guid> _records = [];
    private readonly Dictionary<(string Operation, string Caller), Guid> _merchants = [];
    private readonly Dictionary<(string Operation, string Caller), Guid> _holds = [];
    private readonly Dictionary<string, Guid> _commendations = [];
    private readonly Dictionary<Guid, (DateTimeOffset Start, DateTimeOffset End)> _slots = [];
    private int _nextDay;

    public TimeBankApp App { get; } = new();

    public TestCity A { get; private set; } = null!;
    public TestCity B { get; private set; } = null!;
    public Guid V1 { get; private set; }
    public Guid V2 { get; private set; }
    public Actor MerchantCashier { get; } = Actor.Merchant(Guid.CreateVersion7(), Guid.CreateVersion7());

    /// <summary>The approved merchant of community A that <see cref="MerchantCashier"/> works for.</summary>
    public Guid CashiersMerchant => MerchantCashier.MerchantId!.Value;

    /// <summary>A submitted record of V1, only read.</summary>
    public Guid ReadRecord { get; private set; }

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        A = await TestCity.CreateAsync(App);
        B = await TestCity.CreateAsync(App);
        V1 = await A.RegisterVolunteerAsync();
        V2 = await A.RegisterVolunteerAsync();
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
