using GraphQL.DataLoader;
using Marten;

namespace TimeBank.Api.GraphQL.Loading;

/// <summary>
/// Loads documents of one type by id for one request, batching: every id asked for while a level of the query resolves
/// is loaded by one <c>LoadManyAsync</c> when the first of their results is awaited. GraphQL.NET's execution strategy
/// awaits <see cref="IDataLoaderResult"/>s only after every other pending field of the level has run, which is what
/// gathers the ids. A document loaded once is answered from memory for the rest of the request.
/// <para>
/// Not thread-safe: the schema runs fields one after another (the request's Marten session is not thread-safe either).
/// GraphQL.NET's own DataLoader package is not served to this project; this is the small part of it we need.
/// </para>
/// </summary>
public sealed class DocumentBatchLoader<T>(IQuerySession session, Func<T, Guid> idOf)
    where T : class
{
    private readonly Dictionary<Guid, T?> _loaded = [];
    private readonly HashSet<Guid> _pending = [];

    /// <summary>The document with this id, or <see langword="null"/> when there is none; loaded with the rest of its batch.</summary>
    public IDataLoaderResult<T?> Load(Guid id)
    {
        if (!_loaded.ContainsKey(id))
        {
            _pending.Add(id);
        }

        return new Pending(this, id);
    }

    /// <summary>Forgets what was loaded (after a mutation changed documents).</summary>
    public void Forget() => _loaded.Clear();

    private async Task<T?> ResultAsync(Guid id, CancellationToken cancellation)
    {
        if (_pending.Count > 0)
        {
            var ids = _pending.ToArray();
            _pending.Clear();
            var documents = await session.LoadManyAsync<T>(cancellation, ids);
            foreach (var missing in ids)
            {
                _loaded[missing] = null;
            }

            foreach (var document in documents)
            {
                _loaded[idOf(document)] = document;
            }
        }

        return _loaded.TryGetValue(id, out var loaded) ? loaded : await LoadAloneAsync(id, cancellation);
    }

    /// <summary>An id forgotten between its request and its result (a mutation ran in between): loaded by itself.</summary>
    private async Task<T?> LoadAloneAsync(Guid id, CancellationToken cancellation)
    {
        Load(id);
        return await ResultAsync(id, cancellation);
    }

    private sealed class Pending(DocumentBatchLoader<T> loader, Guid id) : IDataLoaderResult<T?>
    {
        public Task<T?> GetResultAsync(CancellationToken cancellationToken = default) => loader.ResultAsync(id, cancellationToken);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}

/// <summary>A loaded result passed through a function (e.g. a visibility check) before the field gets it.</summary>
public sealed class MappedLoaderResult<T, TResult>(IDataLoaderResult<T> inner, Func<T, TResult> map) : IDataLoaderResult<TResult>
{
    public async Task<TResult> GetResultAsync(CancellationToken cancellationToken = default) => map(await inner.GetResultAsync(cancellationToken));

    async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
}

public static class LoaderResultExtensions
{
    public static IDataLoaderResult<TResult> Then<T, TResult>(this IDataLoaderResult<T> result, Func<T, TResult> map) => new MappedLoaderResult<T, TResult>(result, map);
}
