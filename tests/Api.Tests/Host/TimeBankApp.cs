using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TimeBank.Api.Commands;
using TimeBank.LocalDatabase;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Host;

/// <summary>
/// The real host (Marten, Wolverine, GraphQL) against a real PostgreSQL: a fresh database of the project-local cluster
/// per test class fixture.
/// </summary>
public class TimeBankApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private string _connectionString = string.Empty;

    public string ConnectionString => _connectionString;

    /// <summary>
    /// Run on this existing database instead of a fresh one: a second host on the same data, as after a restart of the
    /// service.
    /// </summary>
    public string? ExistingDatabase { get; init; }

    /// <summary>The host's log output, at every level, while a test records it.</summary>
    public LogCapture Logs { get; } = new();

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        var root = LocalPostgres.FindProjectRoot(AppContext.BaseDirectory);
        var cluster = new LocalPostgres(new LocalPostgresOptions(root));
        await cluster.EnsureRunningAsync();
        _connectionString = ExistingDatabase ?? await cluster.CreateDatabaseAsync($"timebank_test_{Guid.NewGuid():N}"[..40]);
        _ = Services; // starts the host
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Marten", _connectionString);
        builder.UseSetting("TimeBank:SeedDemoData", "false");
        // The web app's sign-in page lists the demo people, as in development.
        builder.UseSetting("Web:LocalSignIn", "true");
        builder.UseSetting($"Policies:Districts:{InstantExpiryDistrict}:PointsExpiryMonths", "0");
        builder.UseSetting($"Policies:Districts:{SmallCapDistrict}:TimeCreditCapHours", "2");
        builder.UseSetting($"Policies:Districts:{SmallCapDistrict}:YearlyGiftCapHours", "3");
        builder.UseSetting($"Policies:Districts:{ShortHoldDistrict}:HoldLifetimeSeconds", ShortHoldSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting($"Policies:Districts:{ShortHoldDistrict}:RedemptionCodeLifetimeSeconds", "1");
        builder.UseSetting($"Policies:Districts:{NoNeedGraceDistrict}:NeedExpiryGraceSeconds", "0");
        builder.UseSetting($"Policies:Districts:{ManyCodesDistrict}:MaxLiveRedemptionCodes", ManyCodes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting($"Policies:Districts:{AutoIssueDistrict}:AutoIssueCertificates:PersonInCharge", "周主任");
        builder.UseSetting($"Policies:Districts:{AutoIssueDistrict}:AutoIssueCertificates:HandlingOfficer", "吴经办");
        builder.UseSetting($"Policies:Districts:{AutoIssueDistrict}:AutoIssueCertificates:Contact", "0532-86668888");
        for (var level = 0; level < 5; level++)
        {
            builder.UseSetting($"Policies:Districts:{LowStarDistrict}:StarThresholdHours:{level}", (level + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // Public verification is limited per client; every test request comes from one address (CertificateRateLimitTests lowers it).
        builder.UseSetting("Verification:PerMinute", "10000");
        // Callers present real bearer tokens, signed with this key (TestTokens).
        builder.UseSetting("Secrets:token-signing-key", Convert.ToBase64String(TestTokens.SigningKey));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<LogCapture>(null, LogLevel.Trace));
        ConfigureHost(builder);
    }

    /// <summary>What a derived fixture adds to the host (e.g. capturing its logs).</summary>
    protected virtual void ConfigureHost(IWebHostBuilder builder)
    {
    }

    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    /// <summary>
    /// Sends a command the way the API does: a till's command on a hold to the queue of the hold's account, every other
    /// through the bus; either way with retries of lost races.
    /// </summary>
    public async Task<CommandOutcome> SendAsync<TCommand>(TCommand command)
        where TCommand : IIdempotent
    {
        await using var scope = Services.CreateAsyncScope();
        var queues = scope.ServiceProvider.GetRequiredService<TimeBank.Api.Accounts.Redemptions.AccountQueues>();
        return command switch
        {
            Idempotent<TimeBank.Ledger.Accounts.CompleteHold> complete => (await queues.SendAsync(complete, null, CancellationToken.None)).Outcome,
            Idempotent<TimeBank.Ledger.Accounts.VoidHold> @void => (await queues.SendAsync(@void, null, CancellationToken.None)).Outcome,
            Idempotent<TimeBank.Ledger.Accounts.RefundPoints> refund => (await queues.SendAsync(refund, null, CancellationToken.None)).Outcome,
            _ => await scope.ServiceProvider.GetRequiredService<CommandSender>().SendAsync(command, CancellationToken.None),
        };
    }

    public async Task<T?> LoadAsync<T>(Guid id)
        where T : notnull
    {
        await using var session = Store.QuerySession();
        return await session.LoadAsync<T>(id);
    }

    /// <summary>A district whose star levels are reached at 1, 2, 3, 4 and 5 hours of service, for tests of star certificates.</summary>
    public const string LowStarDistrict = "低星级区";

    /// <summary>A district whose communities issue certificate requests by themselves (AutoIssueCertificates).</summary>
    public const string AutoIssueDistrict = "自动证明区";

    /// <summary>A district whose accounts hold at most 2 hours of time credits and whose members give at most 3 hours a year, for tests of gifts and the pool.</summary>
    public const string SmallCapDistrict = "小额上限区";

    /// <summary>A district whose points expire as soon as they are earned, for tests of expiry.</summary>
    public const string InstantExpiryDistrict = "即刻过期区";

    /// <summary>A district whose holds expire after <see cref="ShortHoldSeconds"/> and codes after a second, for tests of expiry.</summary>
    public const string ShortHoldDistrict = "短时冻结区";

    public const int ShortHoldSeconds = 3;

    /// <summary>A district whose volunteers may have <see cref="ManyCodes"/> live redemption codes at once, for tests of many tills.</summary>
    public const string ManyCodesDistrict = "多码区";

    public const int ManyCodes = 64;

    /// <summary>A district whose residents' needs expire as soon as their service should have ended, for tests of expiry.</summary>
    public const string NoNeedGraceDistrict = "需求即过期区";

    public static Actor CityAdmin { get; } = Actor.CityAdmin(Guid.Parse("00000000-0000-0000-0000-00000000a001"));
}
