using TimeBank.Api.Commands;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Marten.Events;
using TimeBank.Api.Hosting;
using TimeBank.Api.Infrastructure;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Merchants;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Projections;
using static TimeBank.Api.Tests.Host.Sql;
using RevokeServiceRecord = TimeBank.Ledger.ServiceRecords.RevokeServiceRecord;

namespace TimeBank.Api.Tests.Ledger;

/// <summary>
/// The single-pass rebuild (<c>rebuild-read-models</c>, ADR 0020) against the live read models of a history with every
/// kind of event: each document, and the version Marten stamped on it, must come back the same. A database of its own,
/// since a rebuild empties every read model.
/// </summary>
public sealed class RebuildTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    [Fact]
    public async Task A_rebuild_gives_back_every_read_model_as_live_and_the_service_carries_on_from_it()
    {
        var (city, till, volunteers, completed) = await HistoryAsync();
        var live = await DigestAsync();
        await WithTheServiceStoppedAsync(async () =>
        {
            // As if the async projections had been behind, or never run: the rebuild must leave them at the last event.
            await ScalarAsync<long>(app.ConnectionString,
                "WITH behind AS (UPDATE timebank.mt_event_progression SET last_seq_id = 0 WHERE name LIKE '%:All' RETURNING 1) SELECT count(*) FROM behind");
            await RebuildAsync();
        });

        Assert.Equal(live, await DigestAsync());
        Assert.Equal(5L, await ScalarAsync<long>(app.ConnectionString,
            "SELECT count(*) FROM timebank.mt_event_progression WHERE name LIKE '%:All' AND last_seq_id = (SELECT max(seq_id) FROM timebank.mt_events)"));

        // The live service carries on from the rebuilt read models (a rebuilt hold and account change again, a new hold
        // starts); the async projections' progression is at the last event, so nothing is applied twice; and a second
        // rebuild gives back what the service built since.
        await city.CreditedRecordAsync(volunteers[1], day: 5);
        await till.RefundAsync(volunteers[0], completed, 3, DateTimeOffset.UtcNow.AddHours(-3));
        var hold = await till.RedeemAsync(volunteers[0], 6, DateTimeOffset.UtcNow.AddHours(-2));
        await till.RefundAsync(volunteers[0], hold, 2, DateTimeOffset.UtcNow.AddHours(-1));
        await app.Store.CaughtUpAsync();
        var carriedOn = await DigestAsync();
        Assert.NotEqual(live, carriedOn);

        await WithTheServiceStoppedAsync(RebuildAsync);

        Assert.Equal(carriedOn, await DigestAsync());
    }

    [Fact]
    public async Task A_rebuild_that_fails_half_way_through_writing_leaves_the_read_models_as_they_were()
    {
        await HistoryAsync();
        var live = await DigestAsync();
        using var stop = new CancellationTokenSource();
        var written = 0;
        // Cancelled after every read model was emptied and two were written again, as the third is about to be.
        var progress = new RebuildReport(p =>
        {
            if (p.Writing is not null && ++written == 3)
            {
                stop.Cancel();
            }
        });

        using var store = ProjectionRebuild.Store(app.ConnectionString);
        await WithTheServiceStoppedAsync(() => Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.RebuildAllAsync(progress, stop.Token)));

        Assert.Equal(live, await DigestAsync());
    }

    /// <summary>
    /// ADR 0049: a rebuild stopped after two of its parts committed leaves the read models incomplete and says so (the
    /// marker row names how far it came; the async projections' progression is not moved to the end); run again, it
    /// resumes after the last committed part and gives the live read models. Stopped again and with an event appended
    /// since, it starts over, and again gives the live read models.
    /// </summary>
    [Fact]
    public async Task A_rebuild_stopped_between_parts_says_so_and_resumes_or_starts_over()
    {
        var (city, _, volunteers, _) = await HistoryAsync();
        var live = await DigestAsync();
        var last = await ScalarAsync<long>(app.ConnectionString, "SELECT max(seq_id) FROM timebank.mt_events");
        const long PartEvents = 20;
        Assert.True(last > 4 * PartEvents, $"The history has {last} events: too few for the parts below.");

        // The service stays stopped from the first rebuild to the last, as the operator is told (README).
        var carriedOn = "";
        await WithTheServiceStoppedAsync(async () =>
        {
            await StopAfterTwoPartsAsync();

            Assert.Equal($"{last} {2 * PartEvents}", await ScalarAsync<string>(app.ConnectionString,
                $"SELECT last_seq_id || ' ' || done_seq_id FROM timebank.{ProjectionRebuild.MarkerTable}"));
            Assert.NotEqual(live, await DigestAsync(allowEmpty: true));
            // A load balancer keeps requests away from read models that hold part of the events, and the operator reads why.
            using (var client = app.CreateClient())
            using (var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative)))
            {
                Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            }

            Assert.Contains($"stopped after event {2 * PartEvents:#,0} of {last:#,0}", await ReadModelsHealthAsync());
            var steps = new List<string>();
            using (var store = ProjectionRebuild.Store(app.ConnectionString))
            {
                await store.RebuildAllAsync(new RebuildReport(p => steps.Add(p.Step ?? "")), CancellationToken.None, PartEvents);
            }

            Assert.Contains($"an unfinished rebuild resumes after event {2 * PartEvents:#,0} of {last:#,0}", steps);
            Assert.Equal(live, await DigestAsync());
            Assert.Equal(0L, await ScalarAsync<long>(app.ConnectionString, $"SELECT count(*) FROM timebank.{ProjectionRebuild.MarkerTable}"));
            using (var client = app.CreateClient())
            using (var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative)))
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
            }

            await StopAfterTwoPartsAsync();
            // An event appended meanwhile (a command would read the half-rebuilt read models; this appends as a raw write).
            using (var events = DocumentStore.For(options => options.ConfigureLedgerEvents(app.ConnectionString)))
            await using (var session = events.LightweightSession())
            {
                var commendation = Guid.CreateVersion7();
                session.Events.StartStream(commendation, new TimeBank.Ledger.Commendations.CommendationGranted(commendation, volunteers[2], city.CommunityId,
                    "优秀志愿者", "陪伴独居老人", TimeBank.Ledger.Units.ChinaTime.DayOf(DateTimeOffset.UtcNow), "八大关街道办事处", Guid.CreateVersion7(), DateTimeOffset.UtcNow));
                await session.SaveChangesAsync();
            }

            steps.Clear();
            using (var store = ProjectionRebuild.Store(app.ConnectionString))
            {
                await store.RebuildAllAsync(new RebuildReport(p => steps.Add(p.Step ?? "")), CancellationToken.None, PartEvents);
            }

            Assert.Contains(steps, s => s.Contains("starts over", StringComparison.Ordinal));
            carriedOn = await DigestAsync();
            Assert.NotEqual(live, carriedOn);
            await RebuildAsync();
        });

        Assert.Equal(carriedOn, await DigestAsync());

        async Task<string> ReadModelsHealthAsync()
        {
            var check = new ReadModelsHealthCheck(app.Services.GetRequiredService<IDocumentStore>(), app.Services.GetRequiredService<TimeBank.Api.Districts.DistrictSettings>());
            var result = await check.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());
            Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, result.Status);
            return result.Description ?? "";
        }

        async Task StopAfterTwoPartsAsync()
        {
            using var stop = new CancellationTokenSource();
            var progress = new RebuildReport(p =>
            {
                if (p.Step?.StartsWith("part 2 committed", StringComparison.Ordinal) == true)
                {
                    stop.Cancel();
                }
            });
            using var store = ProjectionRebuild.Store(app.ConnectionString);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.RebuildAllAsync(progress, stop.Token, PartEvents));
        }
    }

    [Fact]
    public async Task The_operators_command_rebuilds_the_configured_database_and_says_so()
    {
        await HistoryAsync();
        var live = await DigestAsync();
        await ScalarAsync<long>(app.ConnectionString,
            "WITH gone AS (DELETE FROM timebank.mt_doc_volunteeraccount RETURNING 1) SELECT count(*) FROM gone");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"ConnectionStrings:{DatabaseConnection.Name}"] = app.ConnectionString })
            .Build();
        using var output = new StringWriter();

        var exitCode = 0;
        await WithTheServiceStoppedAsync(async () => exitCode = await RebuildReadModelsCommand.RunAsync(
            configuration, AppContext.BaseDirectory, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, output, CancellationToken.None));

        Assert.Equal(0, exitCode);
        Assert.Equal(live, await DigestAsync());
        Assert.Contains("writing VolunteerAccount:", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Every read model is rebuilt from the events", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Credits and a revocation for three volunteers; two commendations, one withdrawn; at two merchants holds completed, voided, expired and refunded.
    /// Returns the hold completed and partly refunded.
    /// </summary>
    private async Task<(TestCity City, MerchantTill Till, Guid[] Volunteers, Guid Completed)> HistoryAsync()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteers = new[] { await city.RegisterVolunteerAsync(), await city.RegisterVolunteerAsync(), await city.RegisterVolunteerAsync() };
        foreach (var volunteer in volunteers)
        {
            await city.CreditedRecordAsync(volunteer, day: 1, minutes: 240);
            var revoked = await city.CreditedRecordAsync(volunteer, day: 2);
            TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new RevokeServiceRecord(revoked, "重复", city.Staff))));
            await city.UntilAccountAsync(volunteer, a => a.Credits[revoked].Revoked);
        }

        await CommendationsAsync(city, volunteers[0]);
        await CommunityBodiesAsync(city);
        await SlotsAsync(city, volunteers);
        await NeedsAsync(city, volunteers);
        await GiftsAsync(city, volunteers);
        // Certificates: one issued, one revoked, one requested (and the community's register for the year).
        var today = TimeBank.Ledger.Units.ChinaTime.DayOf(DateTimeOffset.UtcNow);
        var period = new TimeBank.Ledger.Certificates.CertificatePeriod(today.AddDays(-30), today);
        var signatories = new TimeBank.Ledger.Certificates.CertificateSignatories("李主任", "赵经办", "0532-88888888");
        var certificates = new[] { Guid.CreateVersion7(), Guid.CreateVersion7() };
        foreach (var certificate in certificates)
        {
            TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Certificates.IssueCertificate(
                certificate, new(volunteers[0], city.CommunityId, period), signatories, "", city.Staff))));
        }

        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Certificates.RevokeCertificate(
            certificates[1], TimeBank.Ledger.Certificates.RevocationCategory.IssuedInError, "重复", city.Staff))));
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Certificates.RequestCertificate(
            Guid.CreateVersion7(), city.CommunityId, period, Actor.Volunteer(volunteers[1])))));

        var till = await TillAsync(city);
        var other = await TillAsync(city);
        var at = DateTimeOffset.UtcNow.AddDays(-3);
        var refunded = await till.RedeemAsync(volunteers[0], 20, at);
        await till.RedeemAsync(volunteers[0], 5, at.AddHours(1), HoldEnd.Void);
        await till.RedeemAsync(volunteers[1], 7, at.AddHours(2), HoldEnd.Expire);
        await other.RedeemAsync(volunteers[2], 9, at.AddDays(1));
        await till.RefundAsync(volunteers[0], refunded, 5, at.AddDays(2));
        await app.Store.CaughtUpAsync();
        return (city, till, volunteers, refunded);
    }

    /// <summary>A commendation that stands, and one granted in the city's name and withdrawn.</summary>
    private async Task CommendationsAsync(TestCity city, Guid volunteerId)
    {
        var awardedOn = TimeBank.Ledger.Units.ChinaTime.DayOf(DateTimeOffset.UtcNow).AddDays(-1);
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Commendations.GrantCommendation(
            Guid.CreateVersion7(), volunteerId, city.CommunityId, "优秀志愿者", "陪伴独居老人", awardedOn, "八大关街道办事处", city.Staff))));
        var withdrawn = Guid.CreateVersion7();
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Commendations.GrantCommendation(
            withdrawn, volunteerId, null, "十佳志愿者", "服务时长全市前列", awardedOn, "青岛市民政局", TimeBankApp.CityAdmin))));
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Commendations.WithdrawCommendation(withdrawn, "统计有误", TimeBankApp.CityAdmin))));
    }

    /// <summary>Residents' needs: one confirmed (paid), one cancelled, one disputed and split by staff, one open.</summary>
    private async Task NeedsAsync(TestCity city, Guid[] volunteers)
    {
        async Task Send(TimeBank.Ledger.Needs.NeedCommand command) =>
            TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), (TimeBank.Ledger.Actors.IActorCommand)command)));
        TimeBank.Ledger.Needs.PostNeed Post(Guid needId, Guid resident, int minutes) =>
            new(needId, resident, city.CommunityId, "陪同就医", "社区卫生服务中心", DateTimeOffset.UtcNow.AddDays(3), minutes, ["陪诊"], Actor.Volunteer(resident));
        var (paid, cancelled, split, open) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await Send(Post(paid, volunteers[0], 60));
        await Send(new TimeBank.Ledger.Needs.AcceptNeed(paid, Actor.Volunteer(volunteers[1])));
        await Send(new TimeBank.Ledger.Needs.ConfirmNeed(paid, Actor.Volunteer(volunteers[0])));
        await Send(Post(cancelled, volunteers[2], 30));
        await Send(new TimeBank.Ledger.Needs.CancelNeed(cancelled, Actor.Volunteer(volunteers[2])));
        await Send(Post(split, volunteers[1], 50));
        await Send(new TimeBank.Ledger.Needs.AcceptNeed(split, Actor.Volunteer(volunteers[2])));
        await Send(new TimeBank.Ledger.Needs.DisputeNeed(split, "只来了一半时间", Actor.Volunteer(volunteers[1])));
        await Send(new TimeBank.Ledger.Needs.DecideNeedDispute(split, 20, 30, "各退一步", city.Staff));
        await Send(Post(open, volunteers[2], 20));
    }

    /// <summary>Relations (confirmed, pending, ended), a gift, a donation and a grant from the community's pool (ADR 0045).</summary>
    private async Task GiftsAsync(TestCity city, Guid[] volunteers)
    {
        var (a, b, c) = (volunteers[0], volunteers[1], volunteers[2]);
        Task<CommandOutcome> Send<TCommand>(TCommand command)
            where TCommand : IActorCommand => app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), command));

        TestCity.Accept(await Send(new TimeBank.Ledger.Gifts.RecordRelation(a, b, TimeBank.Ledger.Gifts.DirectRelation.Child, city.Staff)));
        TestCity.Accept(await Send(new TimeBank.Ledger.Gifts.ConfirmRelation(TimeBank.Ledger.Gifts.Relation.IdOf(a, b), a, Actor.Volunteer(a))));
        TestCity.Accept(await Send(new TimeBank.Ledger.Gifts.ConfirmRelation(TimeBank.Ledger.Gifts.Relation.IdOf(a, b), b, Actor.Volunteer(b))));
        TestCity.Accept(await Send(new TimeBank.Ledger.Gifts.RecordRelation(a, c, TimeBank.Ledger.Gifts.DirectRelation.Spouse, city.Staff)));
        TestCity.Accept(await Send(new TimeBank.Ledger.Gifts.RecordRelation(b, c, TimeBank.Ledger.Gifts.DirectRelation.Grandchild, city.Staff)));
        TestCity.Accept(await Send(new TimeBank.Ledger.Gifts.EndRelation(TimeBank.Ledger.Gifts.Relation.IdOf(b, c), city.Staff)));
        var gift = Guid.CreateVersion7();
        TestCity.Accept(await app.SendAsync(Idempotent.Of(gift, new GiveGift(a, gift, b, 30, Actor.Volunteer(a)))));
        var donation = Guid.CreateVersion7();
        TestCity.Accept(await app.SendAsync(Idempotent.Of(donation, new DonateTimeCredits(c, donation, city.CommunityId, 40, Actor.Volunteer(c)))));
        var grant = Guid.CreateVersion7();
        TestCity.Accept(await app.SendAsync(Idempotent.Of(grant, new TimeBank.Ledger.Gifts.GrantFromPool(grant, city.CommunityId, a, 25, "独居老人", city.Staff))));
    }

    /// <summary>Social organizations (one active, one suspended, one dissolved) and a station with two haves attested and one withdrawn.</summary>
    private async Task CommunityBodiesAsync(TestCity city)
    {
        foreach (var name in new[] { "银龄互助队", "邻里调解室", "夕阳红合唱团" })
        {
            TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Organizations.RegisterSocialOrganization(
                city.CommunityId, name, TimeBank.Ledger.Organizations.OrganizationKind.LivingServices, TimeBank.Ledger.Organizations.OrganizationStanding.Filed, "队长", city.Staff))));
        }

        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Organizations.SuspendSocialOrganization(
            TimeBank.Ledger.Organizations.SocialOrganizationName.IdOf(city.CommunityId, "邻里调解室"), "换届", city.Staff))));
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Organizations.DissolveSocialOrganization(
            TimeBank.Ledger.Organizations.SocialOrganizationName.IdOf(city.CommunityId, "夕阳红合唱团"), "停止活动", city.Staff))));
        var station = Guid.CreateVersion7();
        var today = TimeBank.Ledger.Units.ChinaTime.DayOf(DateTimeOffset.UtcNow);
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Stations.RegisterServiceStation(station, city.CommunityId, "志愿服务站", city.Staff))));
        foreach (var have in new[] { TimeBank.Ledger.Stations.StationHave.Place, TimeBank.Ledger.Stations.StationHave.Rules })
        {
            TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Stations.AttestStationHave(station, have, today, city.Staff))));
        }

        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Stations.WithdrawStationHave(
            station, TimeBank.Ledger.Stations.StationHave.Rules, "制度失效", city.Staff))));
    }

    /// <summary>
    /// Time slots: one with two places, three sign-ups (one waiting), a withdrawal that moves the waiting one up and a
    /// check-in; one cancelled. Skills declared, one confirmed, one withdrawn.
    /// </summary>
    private async Task SlotsAsync(TestCity city, Guid[] volunteers)
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(30);
        var open = Guid.CreateVersion7();
        var cancelled = Guid.CreateVersion7();
        foreach (var slot in new[] { open, cancelled })
        {
            TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Slots.PublishSlot(
                slot, city.ProjectId, start, start.AddHours(2), null, 2, ["读报"], start, "张主任", city.Staff))));
        }

        foreach (var volunteer in volunteers)
        {
            TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Slots.SignUpForSlot(open, Actor.Volunteer(volunteer)))));
            TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Slots.DeclareSkill(volunteer, "读报", Actor.Volunteer(volunteer)))));
        }

        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Slots.WithdrawFromSlot(open, Actor.Volunteer(volunteers[0])))));
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Slots.CheckInToSlot(open, volunteers[1], null, city.Staff))));
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Slots.CancelSlot(cancelled, "暴雨", city.Staff))));
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Slots.ConfirmSkill(volunteers[1], "读报", city.Staff))));
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Slots.WithdrawSkill(volunteers[2], "读报", Actor.Volunteer(volunteers[2])))));
    }

    private async Task<MerchantTill> TillAsync(TestCity city)
    {
        var merchantId = Guid.CreateVersion7();
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Merchants.RegisterMerchant(merchantId, city.CommunityId, "爱心超市", city.Staff))));
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Merchants.ApproveMerchant(merchantId, city.Staff))));
        return new MerchantTill(app, merchantId, Actor.Merchant(Guid.CreateVersion7(), merchantId));
    }

    /// <summary>
    /// Runs <paramref name="rebuild"/> as the operator is told to (README, ADR 0020): with the service's projection daemon
    /// stopped, started again after it, from the progression the rebuild left. A daemon left running beside a rebuild (no
    /// operator's way) races it for the async projections' progression rows: seen once, every async projection then stayed
    /// at the event it had reached before the rebuild, for the 3 minutes the next fact waited.
    /// </summary>
    private async Task WithTheServiceStoppedAsync(Func<Task> rebuild)
    {
        var daemon = app.Services.GetRequiredService<Marten.Events.Daemon.Coordination.IProjectionCoordinator>();
        await daemon.PauseAsync();
        try
        {
            await rebuild();
        }
        finally
        {
            await daemon.ResumeAsync();
        }
    }

    private async Task RebuildAsync()
    {
        using var store = ProjectionRebuild.Store(app.ConnectionString);
        await store.RebuildAllAsync(null, CancellationToken.None);
    }

    /// <summary>
    /// Every read model's documents with their ids and numeric versions. Not compared: a Guid version (new on every
    /// write), and the version of a hold, which Marten counts in writes: a rebuild cannot know how the events were
    /// batched into writes, so it counts events (never fewer), and the carrying on above shows a rebuilt hold still
    /// takes its next write.
    /// </summary>
    private async Task<string> DigestAsync(bool allowEmpty = false)
    {
        var tables = new StoreOptions().ConfigureProjections().ReadModelFolds().SelectMany(f => f.DocumentTypes)
            .ToDictionary(type => app.Store.Options.FindOrResolveDocumentType(type).TableName.QualifiedName, type => type != typeof(Hold));
        var digests = new List<string>();
        foreach (var (table, withVersion) in tables)
        {
            var version = withVersion ? "CASE WHEN pg_typeof(mt_version) = 'bigint'::regtype THEN mt_version::text ELSE '' END" : "''";
            digests.Add($"{table}: " + await ScalarAsync<string>(app.ConnectionString, $"""
                SELECT count(*) || ' ' || coalesce(md5(string_agg(id::text || ' ' || data::text || ' ' || {version}, ',' ORDER BY id::text)), '')
                FROM {table}
                """));
        }

        // The history has documents of every read model: no digest compares two empty tables.
        if (!allowEmpty)
        {
            Assert.All(digests, d => Assert.DoesNotContain(": 0 ", d, StringComparison.Ordinal));
        }

        return string.Join("\n", digests);
    }
}
