using System.Diagnostics;
using JasperFx.Events;
using Marten;
using TimeBank.Api.Certificates.Bulk;
using TimeBank.Api.Commands;
using TimeBank.Api.Infrastructure;
using TimeBank.Api.PersonalData;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Commendations;
using TimeBank.Ledger.Organizations;
using TimeBank.Ledger.Stations;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Demo;

namespace TimeBank.Api.Demo;

/// <summary>Written last by the demo seeder: its absence next to a non-empty event store means a seed was interrupted.</summary>
public sealed record DemoSeedMarker(string Id, DateTimeOffset SeededAt, int Streams, int Events)
{
    public const string Key = "demo-city";
}

/// <summary>
/// Fills an empty event store with the demo city (configuration <c>TimeBank:SeedDemoData</c>, on in Development only).
/// Runs after the host started, so health checks answer at once. The history is decided in memory by the ledger's
/// deciders (<see cref="DemoCity"/>) and appended with Marten directly, in batches. Certificates are the exception: their
/// numbers and seals are the service's, so they go through the service's own commands (<see cref="DemoCertificates"/>),
/// each with a fixed command id; the year's bulk issuances are started and run in the background like any other.
/// A store that holds any event is never seeded, so a restart never seeds twice.
/// </summary>
public sealed class DemoSeeder(
    IDocumentStore store, TimeProvider clock, PolicyBook policies, PersonalDataVault vault, IServiceScopeFactory scopes, IHostApplicationLifetime lifetime,
    Districts.DistrictSettings districts, Districts.CityDirectory directory, IConfiguration configuration, ILogger<DemoSeeder> logger)
    : BackgroundService
{
    public const string SettingName = "TimeBank:SeedDemoData";
    public const int StreamsPerBatch = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await lifetime.WhenStartedAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host stopped before it ever started: nothing to seed.
            return;
        }

        try
        {
            await SeedAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Seeding the demo city was stopped before it finished");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Seeding the demo city failed");
        }
    }

    /// <summary>
    /// Dates each event's metadata at the moment it happened rather than the append. Marten keeps these only in an append
    /// mode that takes timestamps from the application (Rich, or QuickWithServerTimestamps); otherwise the database stamps
    /// the append time, and only the events' own timestamps tell the history.
    /// </summary>
    private static void Stamp<TEvent>(StreamAction action, IReadOnlyList<TEvent> events)
        where TEvent : notnull
    {
        for (var i = 0; i < events.Count; i++)
        {
            action.Events[i].Timestamp = DemoCity.OccurredAt(events[i]);
        }
    }

    public async Task SeedAsync(CancellationToken cancellation)
    {
        // Districts mode (ADR 0047): each of the demo city's districts in the database of the id configured for it.
        var districtIds = districts.IsOn ? DemoDistricts.IdsFrom(configuration) ?? districts.Ids : null;
        if (districtIds is not null && (districtIds.Count != DemoCity.Districts.Count || !districtIds.All(districts.IsConfigured)))
        {
            logger.LogWarning("The demo city has {Count} districts and needs as many configured, named in Demo:Districts: no demo data seeded", DemoCity.Districts.Count);
            return;
        }

        foreach (var district in districtIds ?? [null!])
        {
            await using var query = district is null ? store.QuerySession() : store.QuerySession(district);
            if (await query.Events.QueryAllRawEvents().AnyAsync(cancellation))
            {
                if (await query.LoadAsync<DemoSeedMarker>(DemoSeedMarker.Key, cancellation) is null
                    && await query.Events.FetchStreamStateAsync(DemoPeople.FirstCommunityId, cancellation) is not null)
                {
                    logger.LogWarning("The demo city was only partly seeded (an earlier run stopped midway); drop the database to seed it again");
                }
                else
                {
                    logger.LogInformation("The event store is not empty: no demo data seeded");
                }

                return;
            }
        }

        var watch = Stopwatch.StartNew();
        var history = DemoCity.Generate(clock.GetUtcNow(), policies.For, districtIds);
        logger.LogInformation(
            "Seeding demo city: {Streams} streams, {Events} events decided in {Elapsed} ms; appending",
            history.StreamCount, history.EventCount, watch.ElapsedMilliseconds);

        // Where each stream goes: its community's district (a record: where it was served; an account and what hangs on it:
        // the volunteer's home). One database: everywhere the same.
        var place = new DemoPlaces(history, districtIds is not null);
        if (place.InDistricts)
        {
            // What a registration writes first in districts mode: the volunteer's home, for the other districts to find.
            foreach (var volunteer in history.Cast.Volunteers)
            {
                await directory.RecordHomeAsync(volunteer.Id, place.DistrictOf(volunteer.HomeCommunityId)!, cancellation);
            }
        }

        var total = history.StreamCount;
        var done = 0;
        var sessions = new Dictionary<string, IDocumentSession>(StringComparer.Ordinal);
        try
        {
            foreach (var stream in history.Communities)
            {
                Stamp(In(stream.Id).Events.StartStream<Community>(stream.Id, stream.Events), stream.Events);
                await NextAsync();
            }

            foreach (var stream in history.Projects)
            {
                Stamp(In(((ProjectPublished)stream.Events[0]).CommunityId).Events.StartStream<Project>(stream.Id, stream.Events), stream.Events);
                await NextAsync();
            }

            foreach (var stream in history.Merchants)
            {
                Stamp(In(history.Cast.Merchants.Single(m => m.Id == stream.Id).CommunityId).Events.StartStream<Merchant>(stream.Id, stream.Events), stream.Events);
                await NextAsync();
            }

            // The records before the accounts: a record's submission comes before its credit, as it does live (the KPIs
            // learn a credit's project from its submission).
            foreach (var stream in history.Records)
            {
                Stamp(In(DemoPlaces.CommunityOf(stream)).Events.StartStream<ServiceRecord>(stream.Id, stream.Events), stream.Events);
                await NextAsync();
            }

            foreach (var (stream, person) in history.Accounts.Zip(DemoPersonalDetails.Of(history.Cast)))
            {
                var session = In(person.HomeCommunityId);
                Stamp(session.Events.StartStream<VolunteerAccount>(stream.Id, stream.Events), stream.Events);
                // Encrypted exactly as a registration encrypts: a data key per volunteer, wrapped by the master key.
                vault.Store(session, person.VolunteerId, person.HomeCommunityId, person.VolunteerNumber, person.Details.Validated(), history.Now);
                await NextAsync();
            }

            foreach (var stream in history.Commendations)
            {
                Stamp(In(place.HomeOf(((CommendationGranted)stream.Events[0]).VolunteerId)).Events.StartStream<Commendation>(stream.Id, stream.Events), stream.Events);
                await NextAsync();
            }

            foreach (var stream in history.Organizations)
            {
                Stamp(In(stream.Events.OfType<SocialOrganizationRegistered>().First().CommunityId).Events.StartStream<SocialOrganization>(stream.Id, stream.Events), stream.Events);
                await NextAsync();
            }

            foreach (var stream in history.Stations)
            {
                Stamp(In(stream.Events.OfType<ServiceStationRegistered>().First().CommunityId).Events.StartStream<ServiceStation>(stream.Id, stream.Events), stream.Events);
                await NextAsync();
            }

            DemoSlots.Append(In, place, history);
            await SaveAllAsync();
        }
        finally
        {
            foreach (var session in sessions.Values)
            {
                await session.DisposeAsync();
            }
        }

        var certificates = DemoCertificates.Plan(history);
        await SeedCertificatesAsync(certificates, place, cancellation);
        await DemoGifts.SeedAsync(scopes, place, logger, cancellation);
        await DemoNeeds.SeedAsync(history, place, scopes, cancellation);
        await DemoNeeds.SeedExpiredAsync(store, place, policies, history, cancellation);

        foreach (var district in districtIds ?? [null!])
        {
            await using var last = district is null ? store.LightweightSession() : store.LightweightSession(district);
            last.Store(new DemoSeedMarker(DemoSeedMarker.Key, history.Now, history.StreamCount, history.EventCount));
            await last.SaveChangesAsync(cancellation);
        }

        logger.LogInformation(
            "Demo city seeded: {Communities} communities, {Projects} projects, {Merchants} merchants, {Volunteers} volunteers, {Records} service records, {Commendations} commendations, {Organizations} social organizations, {Stations} service stations, {Events} events, {Certificates} certificates and {BulkIssuances} bulk issuances of {Year} started in {Elapsed:0.0} s",
            history.Communities.Count, history.Projects.Count, history.Merchants.Count, history.Accounts.Count, history.Records.Count, history.Commendations.Count, history.Organizations.Count, history.Stations.Count, history.EventCount,
            certificates.Revocable.Count + 2, certificates.BulkIssuances.Count, certificates.Year, watch.Elapsed.TotalSeconds);

        // The session of the community's district (one session in one database), opened when first needed.
        IDocumentSession In(Guid communityId)
        {
            var district = place.DistrictOf(communityId);
            if (!sessions.TryGetValue(district ?? "", out var session))
            {
                session = district is null ? store.LightweightSession() : store.LightweightSession(district);
                sessions[district ?? ""] = session;
            }

            return session;
        }

        async Task SaveAllAsync()
        {
            foreach (var session in sessions.Values)
            {
                await session.SaveChangesAsync(cancellation);
                await session.DisposeAsync();
            }

            sessions.Clear();
        }

        async Task NextAsync()
        {
            if (++done % StreamsPerBatch != 0)
            {
                return;
            }

            await SaveAllAsync();
            logger.LogInformation("Seeding demo city: {Done}/{Total} streams", done, total);
        }
    }

    /// <summary>
    /// The demo city's certificates, through the same commands a client sends: the well-known volunteer's certificate and
    /// request, a certificate revoked in each community, and each community's bulk issuance of the year, started and left
    /// to run in the background (a durable job: it carries on after a restart).
    /// </summary>
    private async Task SeedCertificatesAsync(DemoCertificatePlan plan, DemoPlaces place, CancellationToken cancellation)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<CommandSender>();
        var bus = scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>();
        await SendAsync(plan.Issued, plan.Issued.Command.Subject!.CommunityId);
        await SendAsync(plan.Requested, plan.Requested.Command.CommunityId);
        foreach (var (issue, revoke) in plan.Revocable.Zip(plan.Revocations))
        {
            await SendAsync(issue, issue.Command.Subject!.CommunityId);
            await SendAsync(revoke, issue.Command.Subject!.CommunityId);
        }

        foreach (var job in plan.BulkIssuances)
        {
            place.Enter(bus, job.CommunityId);
            await bus.InvokeAsync(new StartBulkIssuance(job.JobId, job.CommunityId, job.Year, job.Signatories, job.Notes, job.Actor), cancellation);
        }

        async Task SendAsync<TCommand>(DemoCommand<TCommand> command, Guid communityId)
            where TCommand : TimeBank.Ledger.Actors.IActorCommand
        {
            place.Enter(bus, communityId);
            var outcome = await sender.SendAsync(Idempotent.Of(command.CommandId, command.Command), cancellation);
            if (!outcome.Accepted)
            {
                throw new InvalidOperationException($"The demo city's {typeof(TCommand).Name} was refused: {outcome.Code} {outcome.Message}");
            }
        }
    }
}
