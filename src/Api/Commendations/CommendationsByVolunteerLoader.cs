using GraphQL.DataLoader;
using Marten;
using TimeBank.Ledger.Commendations;

namespace TimeBank.Api.Commendations;

/// <summary>
/// The commendations of volunteers for one request, batching as <see cref="GraphQL.Loading.DocumentBatchLoader{T}"/>
/// does: every volunteer asked for while a level of the query resolves (a page of records, each with its volunteer's
/// account and its commendations) is read by one query on the volunteer index. The latest awarded first; on the same
/// day, the latest granted first.
/// </summary>
public sealed class CommendationsByVolunteerLoader(IQuerySession session)
{
    private readonly Dictionary<Guid, IReadOnlyList<Commendation>> _loaded = [];
    private readonly HashSet<Guid> _pending = [];

    public IDataLoaderResult<IReadOnlyList<Commendation>> Load(Guid volunteerId)
    {
        if (!_loaded.ContainsKey(volunteerId))
        {
            _pending.Add(volunteerId);
        }

        return new Pending(this, volunteerId);
    }

    /// <summary>Forgets what was loaded (after a mutation changed documents).</summary>
    public void Forget() => _loaded.Clear();

    /// <summary>The order a volunteer's commendations are shown in.</summary>
    public static IReadOnlyList<Commendation> Ordered(IEnumerable<Commendation> commendations) =>
        [.. commendations.OrderByDescending(c => c.AwardedOn).ThenByDescending(c => c.GrantedAt).ThenBy(c => c.Id)];

    private async Task<IReadOnlyList<Commendation>> ResultAsync(Guid volunteerId, CancellationToken cancellation)
    {
        if (_pending.Count > 0)
        {
            var volunteers = _pending.ToArray();
            _pending.Clear();
            var found = await session.Query<Commendation>().Where(c => volunteers.Contains(c.VolunteerId)).ToListAsync(cancellation);
            var byVolunteer = found.ToLookup(c => c.VolunteerId);
            foreach (var volunteer in volunteers)
            {
                _loaded[volunteer] = Ordered(byVolunteer[volunteer]);
            }
        }

        if (_loaded.TryGetValue(volunteerId, out var loaded))
        {
            return loaded;
        }

        // Forgotten between its request and its result (a mutation ran in between): loaded by itself.
        Load(volunteerId);
        return await ResultAsync(volunteerId, cancellation);
    }

    private sealed class Pending(CommendationsByVolunteerLoader loader, Guid volunteerId) : IDataLoaderResult<IReadOnlyList<Commendation>>
    {
        public Task<IReadOnlyList<Commendation>> GetResultAsync(CancellationToken cancellationToken = default) => loader.ResultAsync(volunteerId, cancellationToken);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
