using System.Collections.Concurrent;
using GraphQLParser.AST;

namespace TimeBank.GraphQL.Http;

/// <summary>
/// Documents that parsed and passed every validation rule, by their text and operation name. A client repeats the same
/// few operations with different variables, so a repeated document skips parsing and the static validation rules.
/// What depends on the request is still checked every time by the endpoint: the variable values, the depth and
/// complexity limits (list sizes may come from variables) and the GET-only-queries rule.
/// <para>
/// Bounded: only documents up to <see cref="MaxLength"/> characters, at most <see cref="Capacity"/> of them; when full
/// it starts again empty, so a stream of unique documents (hostile or not) cannot grow it.
/// </para>
/// </summary>
internal sealed class ValidatedDocumentCache
{
    public const int Capacity = 512;
    public const int MaxLength = 8_192;

    private readonly ConcurrentDictionary<(string Query, string? OperationName), GraphQLDocument> _documents = new();

    public GraphQLDocument? Find(string query, string? operationName) =>
        _documents.TryGetValue((query, operationName), out var document) ? document : null;

    /// <summary>Remembers a document that was executed, i.e. that passed validation.</summary>
    public void Remember(string query, string? operationName, GraphQLDocument document)
    {
        if (query.Length > MaxLength)
        {
            return;
        }

        if (_documents.Count >= Capacity)
        {
            _documents.Clear();
        }

        _documents.TryAdd((query, operationName), document);
    }
}
