using GraphQL.Types;
using TimeBank.Api.GraphQL.Types;

namespace TimeBank.Api.GraphQL.Relay;

/// <summary>Relay's <c>Node</c>: anything with a global id that <c>node(id:)</c> finds again.</summary>
public sealed class NodeInterface : InterfaceGraphType
{
    public NodeInterface()
    {
        Name = "Node";
        Description = "Something with a global id, found again with `node(id:)`.";
        Field<NonNullGraphType<UuidIdGraphType>>("id").Description("The global id: opaque and stable; give it to `node(id:)` or `nodes(ids:)`.");
    }
}

public static class NodeFieldExtensions
{
    /// <summary>Declares that the type implements <c>Node</c>, with its global id as <c>id</c>.</summary>
    public static void ImplementNode<T>(this ObjectGraphType<T> type, string typeName, Func<T, Guid> uuidOf)
    {
        type.Interface<NodeInterface>();
        type.Field<NonNullGraphType<UuidIdGraphType>>("id")
            .Description("The global id (Relay `Node`): opaque and stable; give it to `node(id:)`.")
            .Resolve(context => GlobalId.Of(typeName, uuidOf(context.Source)));
    }
}
