using JasperFx.Events.Projections;
using Marten;
using TimeBank.Projections.Slots;
using TimeBank.Projections.Standings;

namespace TimeBank.Projections;

/// <summary>Every read model, in one place. Inline where a command must read its own write; async otherwise.</summary>
public static class ProjectionsRegistration
{
    /// <param name="policyOf">The ledger policy of a district, for the read models that count by it (KPIs); the product's default when not given.</param>
    public static StoreOptions ConfigureProjections(this StoreOptions options, Func<string, Ledger.Policies.LedgerPolicy>? policyOf = null)
    {
        options.Projections.Add(new VolunteerAccountProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new ServiceRecordProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new CommunityProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new ProjectProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new MerchantProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new HoldProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new CommendationProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new CertificateProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new CertificateRegisterProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new SocialOrganizationProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new ServiceStationProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new SlotProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new VolunteerSkillsProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new Needs.NeedProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new Gifts.RelationProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new Gifts.CommunityPoolProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new VolunteerHistoryProjection(), ProjectionLifecycle.Async);
        options.Projections.Add(new TrialBalanceProjection(), ProjectionLifecycle.Async);
        options.Projections.Add(new MerchantSettlementProjection(), ProjectionLifecycle.Async);
        Standings.BoardStorage.AddBoards(options);
        options.AddCityFold(new KpiFold(policyOf ?? (_ => Ledger.Policies.LedgerPolicy.Default)), KpiFold.ProjectionName);
        ReadInLargePages(options);

        options.Schema.For<Ledger.ServiceRecords.ServiceRecord>().Index(r => r.CommunityId);
        options.Schema.For<Ledger.Communities.Project>().Index(p => p.CommunityId);
        options.IndexServiceRecordSchedule();
        options.Schema.For<VolunteerHistoryEntry>().Index(h => h.VolunteerId);
        options.Schema.For<Ledger.Accounts.Hold>().Identity(h => h.HoldId);
        // A merchant's holds of a day (Merchant.holds, the till's list).
        options.Schema.For<Ledger.Accounts.Hold>().Index(h => h.MerchantId);
        options.Schema.For<MerchantSettlementDay>().Index(d => d.MerchantId);
        // communityKpis lists the communities of a district or street.
        options.Schema.For<AreaKpis>().Index(a => a.District);
        options.Schema.For<Ledger.Commendations.Commendation>().Index(c => c.VolunteerId);
        options.Schema.For<Ledger.Certificates.Certificate>().Index(c => c.CommunityId).Index(c => c.VolunteerId)
            .Index(c => c.Content!.Number, index => index.IsUnique = true);
        options.Schema.For<Ledger.Organizations.SocialOrganization>().Index(o => o.CommunityId);
        options.Schema.For<Ledger.Stations.ServiceStation>().Index(s => s.CommunityId);
        // The board: open slots of a community (or the city) from a date on; a project's slots.
        options.Schema.For<Ledger.Slots.Slot>().Index(s => s.CommunityId).Index(s => s.StartsAt).Index(s => s.ProjectId);
        options.Schema.For<Ledger.Slots.VolunteerSkills>().Index(s => s.VolunteerId);
        // The board (open needs of a community, by when) and "my needs" (posted and accepted).
        options.Schema.For<Ledger.Needs.Need>().Index(n => n.CommunityId).Index(n => n.StartsAt).Index(n => n.ResidentId).Index(n => n.VolunteerId!);
        // A member's relatives, on either side.
        options.Schema.For<Ledger.Gifts.Relation>().Index(r => r.MemberId).Index(r => r.RelativeId);
        return options;
    }

    /// <summary>
    /// The single-pass rebuild's fold of every stored projection (ADR 0020), built from the store's own projection
    /// objects: their event types, identities and <c>Evolve</c> are the ones the live service runs. A projection
    /// without a fold here fails the rebuild at once, rather than be left stale.
    /// </summary>
    public static IReadOnlyList<ReadModelFold> ReadModelFolds(this StoreOptions options) =>
        [.. options.Projections.All.Where(p => p.Lifecycle != ProjectionLifecycle.Live).Select(p => p switch
        {
            VolunteerAccountProjection x => ReadModelFold.PerStream<Ledger.Accounts.VolunteerAccount>(x, x.Evolve),
            ServiceRecordProjection x => ReadModelFold.PerStream<Ledger.ServiceRecords.ServiceRecord>(x, x.Evolve),
            CommunityProjection x => ReadModelFold.PerStream<Ledger.Communities.Community>(x, x.Evolve),
            ProjectProjection x => ReadModelFold.PerStream<Ledger.Communities.Project>(x, x.Evolve),
            MerchantProjection x => ReadModelFold.PerStream<Ledger.Merchants.Merchant>(x, x.Evolve),
            CommendationProjection x => ReadModelFold.PerStream<Ledger.Commendations.Commendation>(x, x.Evolve),
            CertificateProjection x => ReadModelFold.PerStream<Ledger.Certificates.Certificate>(x, x.Evolve),
            CertificateRegisterProjection x => ReadModelFold.PerStream<Ledger.Certificates.CertificateRegister>(x, x.Evolve),
            SocialOrganizationProjection x => ReadModelFold.PerStream<Ledger.Organizations.SocialOrganization>(x, x.Evolve),
            ServiceStationProjection x => ReadModelFold.PerStream<Ledger.Stations.ServiceStation>(x, x.Evolve),
            SlotProjection x => ReadModelFold.PerStream<Ledger.Slots.Slot>(x, x.Evolve),
            VolunteerSkillsProjection x => ReadModelFold.PerStream<Ledger.Slots.VolunteerSkills>(x, x.Evolve),
            Needs.NeedProjection x => ReadModelFold.PerStream<Ledger.Needs.Need>(x, x.Evolve),
            Gifts.RelationProjection x => ReadModelFold.PerStream<Ledger.Gifts.Relation>(x, x.Evolve),
            Gifts.CommunityPoolProjection x => ReadModelFold.PerStream<Ledger.Gifts.CommunityPool>(x, x.Evolve),
            HoldProjection x => ReadModelFold.PerIdentity<Ledger.Accounts.Hold, Guid>(x, x.Evolve, HoldProjection.IdsOf),
            TrialBalanceProjection x => ReadModelFold.PerIdentity<LedgerAccountBalance, string>(x, x.Evolve, TrialBalanceProjection.IdsOf),
            MerchantSettlementProjection x => ReadModelFold.PerIdentity<MerchantSettlementDay, string>(x, x.Evolve, MerchantSettlementProjection.IdsOf),
            VolunteerHistoryProjection x => ReadModelFold.PerEvent(x, VolunteerHistoryProjection.Entry, h => h.Id),
            IProjectionWrapper { InnerProjection: Standings.CityFoldProjection x } => ReadModelFold.WholeCity((ProjectionBase)p, x.Fold),
            _ => throw new InvalidOperationException($"The projection {p.Name} has no fold for the single-pass rebuild: add one to {nameof(ReadModelFolds)}."),
        })];

    /// <summary>Events per page the daemon reads, folds and commits (catch-up and rebuild); Marten's default is 500.</summary>
    public const int PageSize = 5_000;

    /// <summary>How many aggregates a rebuild keeps in memory before it writes them (once each), instead of every page.</summary>
    public const int RebuildFlushThreshold = 50_000;

    /// <summary>
    /// A rebuild walks the whole event table page by page: every page is a query, a commit and, with Marten's defaults,
    /// an upsert of every aggregate it touched. Larger pages and writing each aggregate once per flush window remove most
    /// of that repeated work (ADR 0016 has the figures). Live inline projections are unaffected; the async ones read
    /// larger pages when they catch up.
    /// </summary>
    private static void ReadInLargePages(StoreOptions options)
    {
        foreach (var projection in options.Projections.All.OfType<ProjectionBase>())
        {
            projection.Options.BatchSize = PageSize;
            projection.Options.RebuildFlushThreshold = RebuildFlushThreshold;
        }
    }
}
