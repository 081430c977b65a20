using JasperFx.Events;
using JasperFx.OpenTelemetry;
using Marten;
using Npgsql;
using TimeBank.Projections;

namespace TimeBank.Api.Infrastructure;

public static class LedgerStore
{
    /// <summary>
    /// The event store and documents as the service uses them. The benchmark's rebuild and the fault tests' replay build
    /// a store with exactly this configuration, so what they measure and compare is the service's own.
    /// </summary>
    /// <param name="policies">The districts' policies (KPIs count by them); the product's defaults when not given.</param>
    public static StoreOptions ConfigureLedgerStore(this StoreOptions options, string connectionString, PolicyBook? policies = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ConfigureLedgerEvents(connectionString);
        options.ConfigureProjections(policies is null ? null : policies.For);
        options.Schema.For<Commands.ProcessedCommand>();
        // A community's volunteers are listed from their profiles (written once, never updated: the index costs no later write).
        options.Schema.For<PersonalData.VolunteerProfile>().Index(p => p.HomeCommunityId);
        // A volunteer number is unique in the city (VolunteerNumbers); the profile outlives an erasure, so the number stays taken.
        options.Schema.For<PersonalData.VolunteerProfile>().UniqueIndex(Marten.Schema.UniqueIndexType.Computed, "volunteer_number", p => p.VolunteerNumber);
        // The data keys in a table of their own, apart from the events and the profiles they open.
        options.Schema.For<PersonalData.PersonalDataKey>().DocumentAlias("personal_data_key");
        options.Schema.For<Demo.DemoSeedMarker>();
        options.Schema.For<Accounts.PointsExpirySweep>();
        options.Schema.For<Accounts.Redemptions.RedemptionCodeLookup>();
        options.Schema.For<Accounts.Redemptions.FailedCodeAttempts>().Index(w => w.MerchantId);
        // The inline projection applies a command's events to the account the command fetched for writing instead of
        // loading the (large) document again at commit. Safe because accounts are immutable records.
        options.Projections.UseIdentityMapForAggregates = true;
        // The start-up schema check (ApplyAllDatabaseChangesOnStartup) compares the whole configured schema with the
        // database's catalog on every start. With a fingerprint of the configured DDL stamped after each successful apply,
        // a restart on an unchanged schema costs one SELECT; a changed configuration changes the fingerprint and gets the
        // full comparison and migration. (docs/adr/0017-cold-start-and-memory.md)
        options.Advanced.Migrator.UseSchemaFingerprinting = true;
        // A session keeps the one connection it opened until it is disposed, instead of returning it to the pool after each
        // read and taking it again (with Npgsql's seven-statement reset) for the commit: a command's reads, locks and
        // commit run on one connection, reset once.
        options.UseStickyConnectionLifetimes = true;
        // Not Marten's connection spans: its tracing wrapper cannot begin a transaction on a sticky connection (the lock of
        // FetchForExclusiveWriting fails with "TransactionalConnection does not implement ITransactionStarter"). Npgsql's
        // own spans trace every command.
        options.OpenTelemetry.TrackConnections = TrackLevel.None;
        options.OpenTelemetry.TrackEventCounters();
        return options;
    }

    /// <summary>The event store alone (schema, serialization, stream identity, metadata, pinned names), no read models.</summary>
    public static StoreOptions ConfigureLedgerEvents(this StoreOptions options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Connection(WithPreparedStatements(connectionString));
        options.DatabaseSchemaName = "timebank";
        options.UseLedgerSerialization();
        options.Events.StreamIdentity = StreamIdentity.AsGuid;
        options.Events.MetadataConfig.CausationIdEnabled = true;
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        options.PinEventTypeNames();
        return options;
    }

    /// <summary>
    /// The connection a rebuild runs on (<c>rebuild-read-models</c>, the benchmark, the fault tests, and JasperFx's
    /// <c>projections rebuild</c>): every statement planned for its own parameters. Marten's daemon pages through the
    /// event table with one prepared query whose range runs to the end of the table; after five runs PostgreSQL switches
    /// to a generic plan that joins and sorts the whole remaining range for every page, and a daemon rebuild turns
    /// quadratic (~300 ms a page at 200,000 events against ~7 ms). The single pass reads bounded ranges, which plan well
    /// either way. The service keeps generic plans: its statements are small and planning each one cost ~10% of the
    /// credit and balance figures (ADR 0016).
    /// </summary>
    public static string ForProjectionRebuild(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Options = "-c plan_cache_mode=force_custom_plan" }.ConnectionString;

    /// <summary>
    /// The service sends the same few dozen statements over and over: Npgsql prepares each on a connection once it has
    /// been used twice there, so PostgreSQL parses and plans it once per connection instead of once per request. A
    /// connection string that sets <c>Max Auto Prepare</c> itself is left as it is.
    /// </summary>
    public static string WithPreparedStatements(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 128;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }
}
