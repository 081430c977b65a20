using JasperFx.Events.Projections;
using Marten;

namespace TimeBank.Projections;

/// <summary>Every read model, in one place. Inline where a command must read its own write; async otherwise.</summary>
public static class ProjectionsRegistration
{
    public static StoreOptions ConfigureProjections(this StoreOptions options)
    {
        options.Projections.Add(new VolunteerAccountProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new ServiceRecordProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new CommunityProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new ProjectProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new MerchantProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new VolunteerHistoryProjection(), ProjectionLifecycle.Async);
        options.Projections.Add(new TrialBalanceProjection(), ProjectionLifecycle.Async);
        options.Projections.Add(new MerchantSettlementProjection(), ProjectionLifecycle.Async);

        options.Schema.For<Ledger.ServiceRecords.ServiceRecord>()
            .Index(r => r.VolunteerId)
            .Index(r => r.CommunityId);
        options.Schema.For<VolunteerHistoryEntry>().Index(h => h.VolunteerId);
        options.Schema.For<MerchantSettlementDay>().Index(d => d.MerchantId);
        return options;
    }
}
