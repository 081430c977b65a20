using GraphQL.Types;
using GraphQLParser.AST;

namespace TimeBank.Api.GraphQL.Types;

/// <summary>
/// The schema's <c>ID</c>: every id of the ledger is a UUID. A malformed id is refused while the request is validated
/// (like any value of the wrong type), instead of failing later inside a resolver.
/// </summary>
public sealed class UuidIdGraphType : IdGraphType
{
    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue text when Guid.TryParse((string)text.Value, out var id) => id,
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value, "Expected a UUID."),
    };

    public override bool CanParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue text => Guid.TryParse((string)text.Value, out _),
        GraphQLNullValue => true,
        _ => false,
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        Guid id => id,
        string text when Guid.TryParse(text, out var id) => id,
        _ => ThrowValueConversionError(value),
    };

    public override bool CanParseValue(object? value) => value is null or Guid || (value is string text && Guid.TryParse(text, out _));
}
