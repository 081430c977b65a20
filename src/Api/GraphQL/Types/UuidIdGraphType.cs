using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using TimeBank.Api.GraphQL.Relay;

namespace TimeBank.Api.GraphQL.Types;

/// <summary>
/// The schema's <c>ID</c>. A node's <c>id</c> is a global id (<see cref="GlobalId"/>); every other id of the ledger is a
/// UUID. An input <c>ID</c> is either: a UUID (parsed to a <see cref="Guid"/>) or a global id (parsed to a
/// <see cref="GlobalId"/>, accepted wherever a UUID is expected too). Anything else is refused while the request is
/// validated (like any value of the wrong type), instead of failing later inside a resolver.
/// </summary>
public sealed class UuidIdGraphType : IdGraphType
{
    static UuidIdGraphType()
    {
        // An input object's Guid field given a global id takes the id's UUID.
        ValueConverter.Register<GlobalId, Guid>(id => id.Id);
    }

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue text when Parse((string)text.Value) is { } id => id,
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value, "Expected a UUID or the global id of a node."),
    };

    public override bool CanParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue text => Parse((string)text.Value) is not null,
        GraphQLNullValue => true,
        _ => false,
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        Guid or GlobalId => value,
        string text when Parse(text) is { } id => id,
        _ => ThrowValueConversionError(value),
    };

    public override bool CanParseValue(object? value) => value is null or Guid or GlobalId || (value is string text && Parse(text) is not null);

    private static object? Parse(string text) =>
        Guid.TryParse(text, out var uuid) ? uuid
        : GlobalId.TryParse(text, out var global) ? global
        : null;
}
