using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using Marten;
using TimeBank.Api.Commendations;
using TimeBank.Api.GraphQL.Loading;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Commendations;

namespace TimeBank.Api.GraphQL;

/// <summary>A volunteer's commendations (嘉许).</summary>
public sealed partial class LedgerQuery
{
    partial void AddCommendationQueries() =>
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CommendationType>>>>("commendations")
            .Description("A volunteer's commendations (嘉许), withdrawn ones included (marked `withdrawn`), the latest awarded first. "
                + "Readable by the volunteer, staff of their home community and city admins; staff of a community that granted one see the ones "
                + "their community granted. For anyone else the volunteer does not exist (`NOT_FOUND`, as for `account`). "
                + "Also on the account: `account { commendations }`.")
            .Argument<NonNullGraphType<UuidIdGraphType>>("volunteerId", "The volunteer's id (or the account's global id).")
            .ResolveAsync(async context =>
            {
                var actor = context.RequireActor();
                var volunteerId = context.GetId("volunteerId");
                var session = context.Service<IQuerySession>();
                var account = await session.LoadAsync<VolunteerAccount>(volunteerId, context.CancellationToken);
                var readable = account is null ? [] : await CommendationReads.OfVolunteerAsync(session, actor, account, context.CancellationToken);
                // Whoever reads neither the account nor any of its commendations is answered as for a missing volunteer.
                return account is not null && (readable.Count > 0 || ReadAccess.CanReadAccount(actor, account))
                    ? readable
                    : throw SchemaErrors.NotFound("Account", volunteerId);
            });
}

/// <summary>Reads of a volunteer's commendations, through <see cref="ReadAccess.CanReadCommendation"/>.</summary>
public static class CommendationReads
{
    /// <summary>The commendations of <paramref name="account"/>'s volunteer that <paramref name="actor"/> may read, the latest awarded first.</summary>
    public static async Task<IReadOnlyList<Commendation>> OfVolunteerAsync(IQuerySession session, Actor actor, VolunteerAccount account, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(account);
        var commendations = await session.Query<Commendation>().Where(c => c.VolunteerId == account.Id).ToListAsync(cancellation);
        return Readable(actor, account, commendations);
    }

    /// <summary>An account's <c>commendations</c>: loaded in batches with the other accounts of the level.</summary>
    public static IDataLoaderResult<IReadOnlyList<Commendation>> OfAccount(IResolveFieldContext<VolunteerAccount> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var actor = context.RequireActor();
        var account = context.Source;
        return context.Service<LedgerLoaders>().Commendations.Load(account.Id).Then(commendations => Readable(actor, account, commendations));
    }

    private static IReadOnlyList<Commendation> Readable(Actor actor, VolunteerAccount account, IEnumerable<Commendation> commendations) =>
        CommendationsByVolunteerLoader.Ordered(commendations.Where(c => ReadAccess.CanReadCommendation(actor, c, account)));
}
