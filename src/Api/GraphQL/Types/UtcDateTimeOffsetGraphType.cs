using GraphQL.Types;
using GraphQLParser.AST;

namespace TimeBank.Api.GraphQL.Types;

/// <summary>
/// The schema's <c>DateTimeOffset</c>: any ISO 8601 offset in ("+08:00" as a phone in China sends it, or "Z"), the same
/// moment in UTC out of the parser. Converted at the edge, so nothing behind it (PostgreSQL's <c>timestamptz</c>
/// through Npgsql accepts only UTC) ever meets another offset. Written out as the base type writes it.
/// </summary>
public sealed class UtcDateTimeOffsetGraphType : DateTimeOffsetGraphType
{
    public UtcDateTimeOffsetGraphType()
    {
        Name = "DateTimeOffset";
    }

    public override object? ParseLiteral(GraphQLValue value) => ToUtc(base.ParseLiteral(value));

    public override object? ParseValue(object? value) => ToUtc(base.ParseValue(value));

    private static object? ToUtc(object? parsed)
    {
        if (parsed is not DateTimeOffset moment)
        {
            return parsed;
        }

        // The caller's own offset, before it is gone: a refusal that names a time shows it in this one (CallerOffset).
        CallerOffset.Saw(moment.Offset);
        return moment.ToUniversalTime();
    }
}
