using JasperFx.CodeGeneration;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.OpenTelemetry;
using Marten;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TimeBank.Api.Auth;
using TimeBank.Api.Certificates;
using TimeBank.Api.Commands;
using TimeBank.Api.Districts;
using TimeBank.Api.Accounts;
using TimeBank.Api.Explorer;
using TimeBank.Api.GraphQL;
using TimeBank.Api.Infrastructure;
using TimeBank.GraphQL.Http;
using TimeBank.Api.Merchants;
using TimeBank.Api.ServiceRecords;
using TimeBank.Api.Standings;
using TimeBank.Api.Accounts.Redemptions;
using TimeBank.Projections;
using TimeBank.Web;
using Wolverine;
using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Http;
using Wolverine.Marten;

namespace TimeBank.Api.Hosting;

public static class TimeBankHost
{
    public const string AccountsQueue = "accounts";

    /// <summary>The durable local queue of residents' needs' expiries.</summary>
    public const string NeedsQueue = "needs";

    /// <summary>Wolverine's dead-letter endpoints: <c>POST</c> to query, <c>POST …/replay</c>, <c>DELETE</c>; city administrators only.</summary>
    public const string DeadLettersPath = "/admin/dead-letters";

    private static readonly string[] TelemetrySources = ["Marten", "Wolverine", "Npgsql"];

    /// <summary>Marten (events + documents), Wolverine (commands, durable messages), telemetry and health.</summary>
    /// <param name="rebuildingProjections">The host runs <c>projections rebuild</c>: its store plans every statement for its own parameters (<see cref="LedgerStore.ForProjectionRebuild"/>).</param>
    public static async Task AddTimeBankAsync(this WebApplicationBuilder builder, bool rebuildingProjections = false)
    {
        // A bad Cluster section stops the start before anything else is done (docs/adr/0046-several-nodes.md).
        var cluster = ClusterSettings.From(builder.Configuration);
        // The database is found (the local cluster started if need be) and a first login made while the services are
        // registered: that login was ~50 ms of every start. The store reads the connection string when it is built. The
        // start-up's own console log (~25 ms to set up) is made only when the local cluster has something to say.
        ILoggerFactory? startupLogging = null;
        // The demo city in districts mode (--districts north,south): a local cluster per district, configured as a deployment's (ADR 0047).
        await Demo.DemoDistricts.ProvisionAsync(builder.Configuration, builder.Environment.ContentRootPath, () =>
            (startupLogging ??= DatabaseConnection.StartupLogging(builder.Configuration)).CreateLogger("TimeBank.Startup"));
        // Districts mode (docs/adr/0047-a-database-per-district.md) is configuration only: no district configured, one database as before.
        var districts = Districts.DistrictSettings.FromConfiguration(builder.Configuration);
        var resolving = districts.IsOn
            ? Task.FromResult(districts.City!)
            : DatabaseConnection.ResolveAsync(builder.Configuration, builder.Environment.ContentRootPath, () =>
                (startupLogging ??= DatabaseConnection.StartupLogging(builder.Configuration))
                .CreateLogger("TimeBank.Startup"));
        // The certificate's Chinese font (docs/adr/0034-certificate-pdf.md), installed beside the database where it is missing.
        var fontLogging = CertificateFont.IsInstalled ? null : DatabaseConnection.StartupLogging(builder.Configuration);
        var installingFont = fontLogging is null
            ? Task.CompletedTask
            : CertificateFont.EnsureInstalledAsync(fontLogging.CreateLogger("TimeBank.Startup"), CancellationToken.None);

        if (!builder.Environment.IsDevelopment())
        {
            // Structured logs for machines; people at a terminal get the readable form.
            builder.Logging.ClearProviders().AddJsonConsole();
        }

        if (ServiceAddress.WhenNoneConfigured(builder.Configuration) is { } address)
        {
            builder.WebHost.UseUrls(address);
        }

        // First of the hosted services, so that building the GraphQL schema overlaps the rest of the start-up.
        builder.Services.AddHostedService<GraphQLWarmUp>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new PolicyBook(builder.Configuration.GetSection("Policies").Get<PolicyOptions>() ?? new PolicyOptions()));
        builder.Services.AddScoped<CommandSender>();
        builder.Services.AddSingleton<ConnectionPools>();
        builder.Services.AddSingleton<AccountQueues>();
        builder.Services.AddSingleton(new CodeAttempts(builder.Configuration.GetSection("Redemptions").Get<RedemptionOptions>() ?? new RedemptionOptions()));
        builder.Services.AddSingleton(new PersonalData.PersonalDataCipher(LocalSecrets.GetOrCreate(
            builder.Configuration, builder.Environment.ContentRootPath, PersonalData.PersonalDataCipher.MasterKeySecretName, PersonalData.PersonalDataCipher.KeySize)));
        builder.Services.AddSingleton<PersonalData.PersonalDataVault>();
        builder.Services.AddCertificateSealing(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton<Certificates.CertificateVerification>();
        builder.Services.AddSingleton<Certificates.CertificateQrCode>();
        builder.Services.AddSingleton(new Certificates.VerificationRateLimit(
            builder.Configuration.GetSection("Verification").Get<Certificates.VerificationOptions>() ?? new Certificates.VerificationOptions()));
        if (builder.Configuration.GetValue<bool>(Demo.DemoSeeder.SettingName))
        {
            builder.Services.AddHostedService<Demo.DemoSeeder>();
        }

        builder.Services.AddSingleton(districts);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Districts.RequestDistrict>();
        builder.Services.AddSingleton<Districts.EveryDistrict>();
        builder.Services.AddSingleton<Districts.CityKpiReads>();
        builder.Services.AddSingleton<Standings.BoardFirstPages>();
        builder.Services.AddSingleton<Districts.CityBoardReads>();
        builder.Services.AddSingleton<Districts.AreaDistrict>();
        builder.Services.AddSingleton<Districts.CityDirectory>();
        builder.Services.AddSingleton<Districts.VolunteerHome>();
        builder.Services.AddSingleton<Districts.RedemptionsAcrossDistricts>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<Districts.CityDirectory>());
        var marten = builder.Services.AddMarten(services => new StoreOptions().ConfigureLedgerStore(
                services.GetRequiredService<LedgerDatabase>().ConnectionString, services.GetRequiredService<PolicyBook>())
                .WithDistrictDatabases(districts))
            .UseLightweightSessions();
        if (!cluster.WolverineRunsProjections)
        {
            marten.AddAsyncDaemon(DaemonMode.Solo);
        }

        // Balanced: Wolverine runs the async projections, each shard an agent on exactly one node, moved to a survivor when
        // its node dies. Solo: Marten's own daemon, which recovers from a database restart (docs/adr/0046-several-nodes.md).
        // Districts mode: the city database is Wolverine's main store (docs/adr/0047-a-database-per-district.md).
        var integrated = marten.IntegrateWithWolverine(m =>
            {
                m.UseWolverineManagedEventSubscriptionDistribution = cluster.WolverineRunsProjections;
                m.MainDatabaseConnectionString = districts.City;
            });
        if (!districts.IsOn)
        {
            integrated.ApplyAllDatabaseChangesOnStartup();
        }

        // Districts mode: which districts' databases do not answer as the node starts (ADR 0047).
        var districtsDownAtStart = districts.IsOn
            ? (await Task.WhenAll(districts.Ids.Select(async id => (Id: id, Up: await DatabaseHealthCheck.AnswersAsync(districts.ConnectionStringOf(id), CancellationToken.None)))))
                .Where(d => !d.Up).Select(d => d.Id).ToList()
            : [];
        builder.Host.UseWolverine(options =>
        {
            // Districts mode only: credits sent home across districts (docs/adr/0047-a-database-per-district.md).
            options.AddDistrictCredits(districts);
            if (districtsDownAtStart.Count > 0)
            {
                // A district that is down must not stop the start: its schema is applied district by district, and again
                // once it answers (Districts/DistrictSchemas.cs); Wolverine's own migration of every database at once
                // (the broker's queue tables) logs the district that is down and goes on.
                options.ResourceMigrationFailureMode = JasperFx.ResourceMigrationFailureMode.ContinueOnFailures;
                // Wolverine's start-up would migrate every district's message tables at once and stop at the first that is
                // down (outside ContinueOnFailures): DistrictSchemas migrates the city's and each district's instead.
                options.AutoBuildMessageStorageOnStartup = JasperFx.AutoCreate.None;
            }

            options.ServiceName = "TimeBank";
            // See docs/adr/0004-wolverine-code-generation.md.
            options.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
            options.Policies.AutoApplyTransactions();
            // One idempotency step for every ledger command (docs/adr/0028-one-command-shape.md).
            options.Policies.AddMiddleware(typeof(CommandIdempotency), chain => CommandIdempotency.AppliesTo(chain.MessageType));
            // Solo by default, one node per database: at start-up the node takes over every message a crashed predecessor
            // left in the durable inbox, at once (docs/adr/0013-benchmarks-and-fault-tests.md). Balanced for several nodes
            // against the same database (docs/adr/0046-several-nodes.md).
            cluster.ApplyTo(options.Durability);
            if (districtsDownAtStart.Count > 0 && options.Durability.Mode == DurabilityMode.Solo)
            {
                // Wolverine's Solo start releases the messages' ownership in every district's database at once and stops at
                // one that is down; Balanced (one node here) starts, and its durability agent per district retries (ADR 0047).
                options.Durability.Mode = DurabilityMode.Balanced;
            }

            options.Policies.UseDurableLocalQueues();
            // The points-expiry job, once per occurrence across every node (Wolverine's recurring messages, ADR 0046).
            PointsExpirySchedule.Register(options, builder.Configuration, inEveryDistrict: districts.IsOn);
            // Every change to an account that arrives as a message is applied in order, one at a time per account: messages
            // on one account never race each other, while different accounts proceed side by side (the queue is sharded by
            // volunteer id into a few sequential slots). (docs/adr/0005-account-messages-in-order.md)
            options.MessagePartitioning
                .ByMessage<TimeBank.Ledger.Accounts.ExpirePoints>(m => m.VolunteerId.ToString())
                .ByMessage<StoredExpireAccountPoints>(m => m.VolunteerId.ToString())
                .ByMessage<TimeBank.Ledger.Accounts.ExpireHold>(m => m.VolunteerId.ToString())
                .ByMessage<StoredExpireHold>(m => m.VolunteerId.ToString());
            options.LocalQueue(AccountsQueue).PartitionProcessingByGroupId(PartitionSlots.Five).UseDurableInbox();
            options.PublishMessage<TimeBank.Ledger.Accounts.ExpirePoints>().ToLocalQueue(AccountsQueue);
            // An account's expiry stored before the job sent the ledger's own command still finds its handler.
            options.PublishMessage<StoredExpireAccountPoints>().ToLocalQueue(AccountsQueue);
            options.RegisterMessageForwarder<StoredExpireAccountPoints, TimeBank.Ledger.Accounts.ExpirePoints>();
            // Scheduled when a hold is placed; stored in PostgreSQL, so a restart does not lose it (docs/adr/0011-till-redemptions.md).
            options.PublishMessage<TimeBank.Ledger.Accounts.ExpireHold>().ToLocalQueue(AccountsQueue);
            // A hold's expiry stored before the host sent the ledger's own command still finds its handler.
            options.PublishMessage<StoredExpireHold>().ToLocalQueue(AccountsQueue);
            options.RegisterMessageForwarder<StoredExpireHold, TimeBank.Ledger.Accounts.ExpireHold>();
            // Scheduled when a need is posted, in the same transaction; stored in PostgreSQL (docs/adr/0044-residents-needs.md).
            options.PublishMessage<TimeBank.Ledger.Needs.ExpireNeed>().ToLocalQueue(NeedsQueue);
            // An expiry that lost a race on an account stream is simply run again.
            options.OnException(ConflictRetry.IsConflict)
                .RetryWithCooldown(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100),
                    TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
            // An account message that met a database outage is not dead-lettered (an expiry lost for the volunteer): it
            // waits for the database and runs again. Found by the PostgreSQL-restart fault test (docs/adr/0013-benchmarks-and-fault-tests.md).
            options.OnException<Npgsql.NpgsqlException>(e => e.IsTransient || DatabaseOutage.IsCause(e))
                .RetryWithCooldown(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2))
                .Then.ScheduleRetryIndefinitely(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30));
        });

        // Requests read on a pool of their own (LedgerReads, ADR 0021). Wolverine registers its own query session when the
        // host is built; this runs after it and takes its place (builder.Services would run before it).
#pragma warning disable ASP0012
        builder.Host.ConfigureServices(services =>
        {
            services.AddSingleton(provider => new LedgerReads(provider.GetRequiredService<IDocumentStore>(), provider.GetRequiredService<LedgerDatabase>().ConnectionString, districts));
            services.RemoveAll<IQuerySession>();
            // In districts mode, the request's district's database (ADR 0047).
            services.AddScoped(provider => provider.GetRequiredService<LedgerReads>().QuerySession(provider.GetRequiredService<Districts.RequestDistrict>().Current));
            if (districts.IsOn)
            {
                // After Wolverine's runtime (its message stores per district), before the node serves (ADR 0047).
                services.AddHostedService<Districts.DistrictSchemas>();
            }
        });
#pragma warning restore ASP0012

        builder.AddTimeBankAuthentication();
        builder.AddTimeBankWebApp();
        builder.Services.AddWolverineHttp();
        // Refusals outside GraphQL are written by HttpProblems; a problem the framework writes anyway still gets a code.
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("code", HttpProblems.CodeOf(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode)));
        builder.Services.AddExceptionHandler<UnhandledFailures>();
        builder.Services.AddOpenApi(TillApiDocument.Describe);
        builder.Services.AddTimeBankGraphQL();

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("postgresql", tags: ["ready"])
            .AddCheck<ReadModelsHealthCheck>("read-models", tags: ["ready"]);

        // Telemetry is configuration: traces and metrics are recorded only when an OTLP endpoint is given to send them
        // to. Recorded for nobody, they cost every request (an activity and its tags per request, command and query).
        if (builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 })
        {
            builder.Services.AddOpenTelemetry()
                .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddSource(TelemetrySources))
                .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddMeter(TelemetrySources))
                .UseOtlpExporter();
        }

        string connectionString;
        try
        {
            connectionString = await resolving;
        }
        finally
        {
            startupLogging?.Dispose();
        }

        try
        {
            await installingFont;
        }
        catch (CertificateFontMissingException e)
        {
            // Everything but a certificate's PDF works without it: the service starts, and says what to install.
            fontLogging!.CreateLogger("TimeBank.Startup").LogWarning("Certificates cannot be printed as PDF: {Problem}", e.Message);
        }
        finally
        {
            fontLogging?.Dispose();
        }

        builder.Services.AddSingleton(new LedgerDatabase(rebuildingProjections ? LedgerStore.ForProjectionRebuild(connectionString) : connectionString));
    }

    /// <summary>The connection string of the ledger's database, once found.</summary>
    private sealed record LedgerDatabase(string ConnectionString);

    public static WebApplication MapTimeBank(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
            "TimeBank is serving at {Addresses}: GraphQL at /graphql, its explorer at /explorer, readiness at /health/ready", string.Join(", ", app.Urls)));
        app.UseExceptionHandler();
        // An empty-bodied refusal (no such address, a wrong method or body type) outside GraphQL becomes a problem with a code.
        app.UseStatusCodePages(HttpProblems.ForStatusCodeAsync);
        app.UseTimeBankAuthentication();
        // The web app at / (its pages, sign-in and sign-out), after authentication: the pages read their own cookie.
        app.MapTimeBankWeb();
        app.MapGraphQLEndpoint();
        app.MapExplorer();
        app.MapExplorerExample();
        app.MapSettlementStatementCsv();
        app.MapCertificateVerification();
        app.MapCertificateRegisterCsv();
        app.MapCommunityRecordsCsv();
        Standings.BoardCsv.MapBoardCsv(app);
        app.MapKpiCsv();
        app.MapCertificateKeys();
        app.MapCertificatePdf();
        // The till's HTTP API (Redemptions/TillEndpoints.cs) and its OpenAPI document at /openapi/v1.json.
        app.MapWolverineEndpoints();
        app.MapOpenApi();
        // Wolverine's dead letters (query, replay, discard) for the city's operator (docs/adr/0046-several-nodes.md).
        app.MapDeadLettersEndpoints(DeadLettersPath).RequireAuthorization(Auth.BearerAuthentication.CityAdminPolicy).ExcludeFromDescription();
        app.MapGet("/ping", () => "pong").ExcludeFromDescription();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        var readiness = new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResultStatusCodes = { [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable },
        };
        if (app.Services.GetRequiredService<DistrictSettings>().IsOn)
        {
            // Districts mode: the answer names each district's database, up or down (ADR 0047).
            readiness.ResponseWriter = DistrictHealth.WriteAsync;
        }

        app.MapHealthChecks("/health/ready", readiness);
        return app;
    }
}
