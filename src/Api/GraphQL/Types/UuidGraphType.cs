using GraphQL.Types;
using GraphQLParser.AST;

namespace TimeBank.Api.GraphQL.Types;

/// <summary>
/// The schema's <c>UUID</c>: a command id the client chooses. The scalar lets any string or number through, so that the
/// field it is declared on (<see cref="CommandIds.CommandIdField{T}"/>) refuses what is not a UUID in words naming the
/// field; a scalar's own refusal only says "Unable to convert the given value".
/// </summary>
public sealed class UuidGraphType : ScalarGraphType
{
    public UuidGraphType()
    {
        Name = "UUID";
        Description = "A UUID in its 36-character text form, e.g. \"0192f7a4-5b3c-7d2e-9f10-2a3b4c5d6e7f\" (any version; v7 sorts by time).";
    }

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue text => (string)text.Value,
        GraphQLIntValue or GraphQLFloatValue => value.ToString(),
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value),
    };

    public override bool CanParseLiteral(GraphQLValue value) => value is GraphQLStringValue or GraphQLIntValue or GraphQLFloatValue or GraphQLNullValue;

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        Guid or string => value,
        int or long or decimal or double or System.Numerics.BigInteger => value.ToString(),
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        Guid id => id.ToString(),
        _ => ThrowSerializationError(value),
    };
}

/// <summary>Every mutation's <c>commandId</c>: a UUID, described and checked in one place.</summary>
public static class CommandIds
{
    public const string Description =
        "A UUID the client chooses for this command (a new one per command; the same one when sending it again). Sending a command again "
        + "with its commandId returns the first outcome (`replayed: true`) and changes nothing; the same id with another command is refused "
        + "(`IDEMPOTENCY_KEY_REUSED`). Anything but a UUID is refused before anything runs (`GRAPHQL_VALIDATION_FAILED`, \"commandId must be a UUID\").";

    public const string NotAUuid = "commandId must be a UUID, e.g. \"0192f7a4-5b3c-7d2e-9f10-2a3b4c5d6e7f\".";

    /// <summary>Declares <c>commandId: UUID!</c> on an input.</summary>
    public static void CommandIdField<T>(this InputObjectGraphType<T> input) =>
        input.Field<NonNullGraphType<UuidGraphType>>("commandId")
            .Description(Description)
            .ParseValue(value => value switch
            {
                Guid id => id,
                string text when Guid.TryParse(text, out var id) => id,
                _ => throw new FormatException(NotAUuid),
            });
}
