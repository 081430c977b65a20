using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;

namespace TimeBank.GraphQL.Http;

/// <summary>Export of a schema as SDL.</summary>
public static class GraphQLSchemaExport
{
    /// <summary>The schema as SDL, as served (for comparison with <c>docs/schema.graphql</c>).</summary>
    public static string PrintSchema(ISchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        schema.Initialize();
        return schema.Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true });
    }
}
