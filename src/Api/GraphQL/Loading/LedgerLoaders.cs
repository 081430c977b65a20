using Marten;
using TimeBank.Api.Commendations;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.GraphQL.Loading;

/// <summary>The request's batch loaders, one per document type a navigation field or <c>node</c> reads.</summary>
public sealed class LedgerLoaders(IQuerySession session)
{
    public DocumentBatchLoader<VolunteerAccount> Accounts { get; } = new(session, account => account.Id);

    public DocumentBatchLoader<ServiceRecord> Records { get; } = new(session, record => record.Id);

    public DocumentBatchLoader<Community> Communities { get; } = new(session, community => community.Id);

    public DocumentBatchLoader<Project> Projects { get; } = new(session, project => project.Id);

    public DocumentBatchLoader<Merchant> Merchants { get; } = new(session, merchant => merchant.Id);

    public DocumentBatchLoader<Hold> Holds { get; } = new(session, hold => hold.HoldId);

    /// <summary>A volunteer's commendations, by volunteer id (an account's <c>commendations</c>).</summary>
    public CommendationsByVolunteerLoader Commendations { get; } = new(session);

    /// <summary>After a mutation: what was loaded before may have changed.</summary>
    public void Forget()
    {
        Accounts.Forget();
        Records.Forget();
        Communities.Forget();
        Projects.Forget();
        Merchants.Forget();
        Holds.Forget();
        Commendations.Forget();
    }
}
