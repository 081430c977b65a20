using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;

namespace TimeBank.GraphQL.Http;

/// <summary>
/// GraphQL.NET's complexity analyzer, reporting depth and complexity separately with their own codes.
/// Depth counts field levels, leaves included (<c>{ a { b } }</c> is 2).
/// <para>
/// Introspection: the standard introspection query of GraphiQL and codegen tools is ~15 levels deep and, with
/// list multipliers, "costs" hundreds of thousands, yet only reads the in-memory schema. So an operation that
/// selects nothing but introspection fields is exempt from depth and complexity, and every operation is instead
/// held to graphql-js's MaxIntrospectionDepthRule: at most 2 nested <c>fields</c>/<c>interfaces</c>/
/// <c>possibleTypes</c>/<c>inputFields</c> lists, which is what makes introspection explode.
/// </para>
/// </summary>
internal sealed class GraphQLLimitsValidationRule : ComplexityValidationRule
{
    private const int MaxIntrospectionListDepth = 3;
    private static readonly HashSet<string> IntrospectionListFields = new(StringComparer.Ordinal) { "fields", "interfaces", "possibleTypes", "inputFields" };

    private readonly int _maxDepth;
    private readonly int _maxComplexity;

    public GraphQLLimitsValidationRule(int maxDepth, int maxComplexity)
        : base(new ComplexityOptions { MaxDepth = maxDepth, MaxComplexity = maxComplexity })
    {
        _maxDepth = maxDepth;
        _maxComplexity = maxComplexity;
    }

    public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context)
    {
        // An operation type the schema does not define is reported by the executer; the analyzer would throw on it.
        if (context.HasErrors || RootTypeOf(context) is null)
        {
            return default;
        }

        var fragments = context.Document.Definitions.OfType<GraphQLFragmentDefinition>()
            .GroupBy(f => f.FragmentName.Name.StringValue, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        if (ExceedsIntrospectionListDepth(context.Operation.SelectionSet, fragments, [], 0, insideIntrospection: false))
        {
            context.ReportError(new QueryTooDeepError(
                $"Query is too deep: introspection may nest at most {MaxIntrospectionListDepth - 1} of fields, interfaces, possibleTypes and inputFields."));
            return default;
        }
        if (IsIntrospectionOnly(context.Operation.SelectionSet, fragments, []))
        {
            return default;
        }

        return base.GetPostNodeVisitorAsync(context);
    }

    private static global::GraphQL.Types.IObjectGraphType? RootTypeOf(ValidationContext context) => context.Operation.Operation switch
    {
        OperationType.Query => context.Schema.Query,
        OperationType.Mutation => context.Schema.Mutation,
        OperationType.Subscription => context.Schema.Subscription,
        _ => null,
    };

    protected override ValueTask ValidateComplexityAsync(ValidationContext context, double totalComplexity, int maxDepth)
    {
        if (maxDepth > _maxDepth)
        {
            context.ReportError(new QueryTooDeepError(maxDepth, _maxDepth));
        }

        if (totalComplexity > _maxComplexity)
        {
            context.ReportError(new QueryTooComplexError(totalComplexity, _maxComplexity));
        }

        return default;
    }

    private static bool IsIntrospectionOnly(GraphQLSelectionSet selectionSet, Dictionary<string, GraphQLFragmentDefinition> fragments, HashSet<string> visited)
    {
        foreach (var selection in selectionSet.Selections)
        {
            var ok = selection switch
            {
                GraphQLField field => field.Name.StringValue.StartsWith("__", StringComparison.Ordinal),
                GraphQLInlineFragment inline => IsIntrospectionOnly(inline.SelectionSet, fragments, visited),
                GraphQLFragmentSpread spread => fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment)
                                                && (!visited.Add(fragment.FragmentName.Name.StringValue)
                                                    || IsIntrospectionOnly(fragment.SelectionSet, fragments, visited)),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    private static bool ExceedsIntrospectionListDepth(GraphQLSelectionSet? selectionSet, Dictionary<string, GraphQLFragmentDefinition> fragments,
        HashSet<string> visiting, int depth, bool insideIntrospection)
    {
        if (selectionSet is null)
        {
            return false;
        }

        foreach (var selection in selectionSet.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    var name = field.Name.StringValue;
                    var inside = insideIntrospection || name is "__schema" or "__type";
                    var fieldDepth = depth;
                    if (insideIntrospection && IntrospectionListFields.Contains(name) && ++fieldDepth >= MaxIntrospectionListDepth)
                    {
                        return true;
                    }

                    if (ExceedsIntrospectionListDepth(field.SelectionSet, fragments, visiting, fieldDepth, inside))
                    {
                        return true;
                    }

                    break;
                case GraphQLInlineFragment inline:
                    if (ExceedsIntrospectionListDepth(inline.SelectionSet, fragments, visiting, depth, insideIntrospection))
                    {
                        return true;
                    }

                    break;
                case GraphQLFragmentSpread spread:
                    var fragmentName = spread.FragmentName.Name.StringValue;
                    if (!fragments.TryGetValue(fragmentName, out var fragment) || !visiting.Add(fragmentName))
                    {
                        break;
                    }

                    try
                    {
                        if (ExceedsIntrospectionListDepth(fragment.SelectionSet, fragments, visiting, depth, insideIntrospection))
                        {
                            return true;
                        }
                    }
                    finally
                    {
                        visiting.Remove(fragmentName);
                    }
                    break;
            }
        }
        return false;
    }
}

/// <summary>Refuses subscriptions (this endpoint has no streaming transport).</summary>
internal sealed class NoSubscriptionValidationRule : ValidationRuleBase
{
    public static readonly NoSubscriptionValidationRule Instance = new();

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.Operation.Operation == OperationType.Subscription)
        {
            context.ReportError(new OperationNotSupportedError("Subscriptions are not supported over this endpoint."));
        }

        return default;
    }
}

/// <summary>Refuses, for GET requests, mutations (GraphQL-over-HTTP: only queries over GET; 405 with <c>Allow: POST</c>).</summary>
internal sealed class HttpGetQueryOnlyValidationRule : ValidationRuleBase
{
    public static readonly HttpGetQueryOnlyValidationRule Instance = new();

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.Operation.Operation == OperationType.Mutation)
        {
            context.ReportError(new HttpMethodNotAllowedError("mutation"));
        }

        return default;
    }
}
