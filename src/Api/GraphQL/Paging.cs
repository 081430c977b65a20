using System.Text;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;

namespace TimeBank.Api.GraphQL;

/// <summary>One page of a Relay connection.</summary>
public sealed record Page<T>(IReadOnlyList<Edge<T>> Edges, PageInfo PageInfo);

public sealed record Edge<T>(string Cursor, T Node);

public sealed record PageInfo(bool HasNextPage, string? EndCursor, bool HasPreviousPage, string? StartCursor);

/// <summary>Forward paging arguments (<c>first</c>, <c>after</c>) and opaque cursors.</summary>
public static class Paging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Adds <c>first: Int = 20</c> and <c>after: String</c>.</summary>
    public static FieldBuilder<TSource, TReturn> ForwardPaging<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) => field
        .Argument<IntGraphType>("first", $"How many items, at most {MaxPageSize}.", argument => argument.DefaultValue = DefaultPageSize)
        .Argument<StringGraphType>("after", "The endCursor of the previous page; absent for the first page.");

    public static int First(IResolveFieldContext context)
    {
        var first = context.GetArgument("first", DefaultPageSize);
        if (first is < 0 or > MaxPageSize)
        {
            throw SchemaErrors.InvalidInput($"'first' must be between 0 and {MaxPageSize}; got {first}.");
        }

        return first;
    }

    /// <summary>The decoded <c>after</c> cursor of a connection, or <see langword="null"/> for the first page.</summary>
    public static string? After(IResolveFieldContext context, string kind)
    {
        var after = context.GetArgument<string?>("after");
        if (after is null)
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(after));
            var prefix = kind + ":";
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return text[prefix.Length..];
            }
        }
        catch (FormatException)
        {
        }

        throw SchemaErrors.InvalidInput("'after' is not a cursor of this connection.");
    }

    /// <summary>The <c>after</c> cursor of a connection paged by UUID (keyset on the document id), or null for the first page.</summary>
    public static Guid? AfterId(IResolveFieldContext context, string kind) => After(context, kind) is { } cursor
        ? Guid.TryParseExact(cursor, "N", out var id) ? id : throw SchemaErrors.InvalidInput("'after' is not a cursor of this connection.")
        : null;

    /// <summary>The cursor of a connection paged by UUID.</summary>
    public static string IdCursor(string kind, Guid id) => Cursor(kind, id.ToString("N"));

    public static string Cursor(string kind, string position) => Convert.ToBase64String(Encoding.UTF8.GetBytes(kind + ":" + position));

    /// <summary>
    /// A page from up to <paramref name="first"/> + 1 items read: the extra one only tells that there is more. A page
    /// asked for <c>after</c> a cursor (<paramref name="hasPrevious"/>) has a previous page: at least the item of that cursor.
    /// </summary>
    public static Page<T> PageOf<T>(IReadOnlyList<T> items, int first, Func<T, string> cursorOf, bool hasPrevious)
    {
        var edges = items.Take(first).Select(item => new Edge<T>(cursorOf(item), item)).ToList();
        return new Page<T>(edges, new PageInfo(
            HasNextPage: items.Count > first,
            EndCursor: edges.Count > 0 ? edges[^1].Cursor : null,
            HasPreviousPage: hasPrevious,
            StartCursor: edges.Count > 0 ? edges[0].Cursor : null));
    }
}

/// <summary>A Relay connection whose edges are <typeparamref name="TEdgeType"/>; a subclass names it.</summary>
public abstract class ConnectionGraphType<TEdgeType, TNode> : ObjectGraphType<Page<TNode>>
    where TEdgeType : IGraphType
{
    protected ConnectionGraphType(string nodeName)
    {
        Name = nodeName + "Connection";
        Description = $"A page of {nodeName} items (Relay connection): ask for the next page with `after: pageInfo.endCursor`.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TEdgeType>>>>("edges").Description($"The items of this page, at most {Paging.MaxPageSize} (`first`).").Resolve(context => context.Source.Edges);
        Field<NonNullGraphType<PageInfoGraphType>>("pageInfo").Description("Whether more follow, and the cursors to go on.").Resolve(context => context.Source.PageInfo);
    }
}

/// <summary>An edge of a Relay connection: a node and its cursor; a subclass names it.</summary>
public abstract class EdgeGraphType<TNodeType, TNode> : ObjectGraphType<Edge<TNode>>
    where TNodeType : IGraphType
{
    protected EdgeGraphType(string nodeName)
    {
        Name = nodeName + "Edge";
        Description = $"One {nodeName} item of a page, with its cursor.";
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("Opaque; pass it as `after` to get the items after this one.").Resolve(context => context.Source.Cursor);
        Field<NonNullGraphType<TNodeType>>("node").Description("The item.").Resolve(context => context.Source.Node);
    }
}

public sealed class PageInfoGraphType : ObjectGraphType<PageInfo>
{
    public PageInfoGraphType()
    {
        Name = "PageInfo";
        Description = "Where a page of a Relay connection stands: pass endCursor as `after` for the next page.";
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").Description("True when items follow this page.")
            .Resolve(context => context.Source.HasNextPage);
        Field<NonNullGraphType<BooleanGraphType>>("hasPreviousPage")
            .Description("True when items come before this page: it was asked for `after` a cursor. Paging is forward only.")
            .Resolve(context => context.Source.HasPreviousPage);
        Field<StringGraphType>("startCursor").Description("The cursor of this page's first edge; null for an empty page.")
            .Resolve(context => context.Source.StartCursor);
        Field<StringGraphType>("endCursor").Description("The cursor of this page's last edge; null for an empty page.")
            .Resolve(context => context.Source.EndCursor);
    }
}
