using JasperFx.Events;
using Marten;
using TimeBank.Api.Gifts;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Accounts;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Postgresql;

namespace TimeBank.Api.Districts;

/// <summary>
/// A service record verified in <paramref name="ServedIn"/> credited to the volunteer's account in
/// <paramref name="HomeDistrict"/> (ADR 0047). Sent from the verifying district's outbox, in the verify's own transaction,
/// through the durable PostgreSQL queue <see cref="DistrictCredits.Queue"/>, stamped with the home district as tenant.
/// </summary>
/// <param name="Credit">The ledger's credit, exactly as a local verify decides it; its record id makes it idempotent.</param>
/// <param name="ServedIn">The district of the record's community: its policy applies, as for a local credit.</param>
/// <param name="HomeDistrict">The district of the volunteer's account, from the city directory.</param>
public sealed record CreditHomeDistrict(CreditService Credit, string ServedIn, string HomeDistrict);

/// <summary>A credit arrived in a district that is not its home: the home district is not configured here. Dead-lettered, kept, replayable.</summary>
public sealed class UnknownDistrictException(string district, string? arrivedIn)
    : Exception($"The home district '{district}' of this credit has no database in this deployment (the message arrived in '{arrivedIn}'). Configure Districts:{district} and replay it (dead-letters replay).");

/// <summary>
/// The home district credits the account, in its own transaction with the inbox's "handled" mark. A second delivery of
/// the same record credits nothing: the account already holds that record's credit (the decider's own idempotency).
/// </summary>
public static class CreditHomeDistrictHandler
{
    public static async Task Handle(
        CreditHomeDistrict message, IDocumentSession session, PolicyBook policies, DistrictSettings districts, IMessageBus bus, TimeProvider clock,
        CancellationToken cancellation)
    {
        if (!await HomeDistrict.ArrivedAsync(message, message.HomeDistrict, session, districts, bus))
        {
            return;
        }

        var (account, state) = await HomeDistrict.AccountAsync(session, message.Credit.VolunteerId, cancellation);
        var credit = VolunteerAccountDecider.Decide(message.Credit, state, policies.For(message.ServedIn), clock.GetUtcNow());
        account.AppendMany(credit);
        // The serving district takes the overflow into its community's pool and counts the service in its KPIs (an empty credit tells nothing).
        await ServingDistrict.TellAsync(bus, credit, message.ServedIn);
    }
}

/// <summary>Where a message for a volunteer's home district is handled (ADR 0047).</summary>
public static class HomeDistrict
{
    /// <summary>
    /// True when the message is in its home district's database, to be handled here. Otherwise it arrived in a district
    /// that stood in for a home unknown when it was sent: once that home is configured (a replay) it is sent on, and until
    /// then it is refused with <see cref="UnknownDistrictException"/> (dead-lettered, kept, replayable).
    /// </summary>
    public static async Task<bool> ArrivedAsync<TMessage>(TMessage message, string home, IDocumentSession session, DistrictSettings districts, IMessageBus bus)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(districts);
        ArgumentNullException.ThrowIfNull(bus);
        if (string.Equals(session.TenantId, home, StringComparison.Ordinal))
        {
            return true;
        }

        if (!districts.IsConfigured(home))
        {
            throw new UnknownDistrictException(home, session.TenantId);
        }

        await bus.PublishAsync(message, new DeliveryOptions { TenantId = home });
        return false;
    }

    /// <summary>The volunteer's account in this, their home district, locked until the commit.</summary>
    /// <exception cref="InvalidOperationException">The city directory names this district, and the account is not here.</exception>
    public static async Task<(IEventStream<VolunteerAccount> Stream, VolunteerAccount State)> AccountAsync(
        IDocumentSession session, Guid volunteerId, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        var account = await session.Events.FetchForExclusiveWriting<VolunteerAccount>(volunteerId, cancellation);
        return account.Aggregate is { } state ? (account, state)
            : throw new InvalidOperationException(
                $"The city directory names district '{session.TenantId}' as the home of volunteer {volunteerId}, whose account is not there.");
    }
}

/// <summary>The durable queue of credits between districts, in every district database (Wolverine's PostgreSQL transport).</summary>
public static class DistrictCredits
{
    public const string Queue = "district-credits";

    public static void AddDistrictCredits(this WolverineOptions options, DistrictSettings districts)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(districts);
        if (!districts.IsOn)
        {
            return;
        }

        options.PublishMessage<CreditHomeDistrict>().ToPostgresqlQueue(Queue);
        options.PublishMessage<RevokeHomeCredit>().ToPostgresqlQueue(Queue);
        // A community's pool lives in its district, which may not be where the account that overflowed is: the pool's
        // messages take the same queue, stamped with the pool's district (ADR 0047).
        options.PublishMessage<TimeBank.Ledger.Gifts.ReceivePoolOverflow>().ToPostgresqlQueue(Queue);
        options.PublishMessage<TimeBank.Ledger.Gifts.ReturnPoolOverflow>().ToPostgresqlQueue(Queue);
        options.PublishMessage<HoldAtMerchantDistrict>().ToPostgresqlQueue(Queue);
        // What the home credited and took back, told to the district where the record was served, for its KPIs.
        options.PublishMessage<TimeBank.Ledger.ServiceRecords.NoteCreditedAtHome>().ToPostgresqlQueue(Queue);
        options.PublishMessage<TimeBank.Ledger.ServiceRecords.NoteCreditRevokedAtHome>().ToPostgresqlQueue(Queue);
        // Gifts and relations between members of two districts: the gift to the receiver's home, its way back, and each
        // decision on a relation copied to the other member's home.
        options.PublishMessage<GiftToHomeDistrict>().ToPostgresqlQueue(Queue);
        options.PublishMessage<ReturnGift>().ToPostgresqlQueue(Queue);
        options.PublishMessage<CopyRelation>().ToPostgresqlQueue(Queue);
        options.ListenToPostgresqlQueue(Queue);
        options.OnException<UnknownDistrictException>().MoveToErrorQueue();
        // A revocation that overtook its credit on the way home (or its note on the way back) waits for it; still missing
        // after a minute, it is kept as a dead letter (visible, replayable) rather than lost.
        options.OnException<CreditNotYetHomeException>().Or<CreditAtHomeNotYetNotedException>().Or<TimeBank.Ledger.Gifts.RelationNotYetCopiedException>()
            .RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(40))
            .Then.MoveToErrorQueue();
    }

    /// <summary>
    /// Districts mode: a database per district, tenant id = district id, and no default tenant, so that nothing can open a
    /// session that silently lands in one district (Marten would otherwise make the first registered district the default).
    /// </summary>
    public static StoreOptions WithDistrictDatabases(this StoreOptions options, DistrictSettings districts)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(districts);
        if (!districts.IsOn)
        {
            return options;
        }

        options.MultiTenantedDatabases(tenancy =>
        {
            foreach (var district in districts.Ids)
            {
                tenancy.AddMultipleTenantDatabase(LedgerStore.WithPreparedStatements(districts.ConnectionStringOf(district)), district).ForTenants(district);
            }
        });
        options.Advanced.DefaultTenantUsageEnabled = false;
        // Redemptions across districts (ADR 0048): beside a hold in the home district, its merchant's district; in the
        // merchant's district, its copy of a hold homed elsewhere (the till's list reads it by merchant) and what it settled.
        options.Schema.For<HoldAbroad>();
        options.Schema.For<HoldHomedElsewhere>().Index(copy => copy.Hold.MerchantId);
        options.Schema.For<SettledAbroad>().Index(settled => settled.MerchantId);
        return options;
    }
}
