using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;

namespace TimeBank.Api.GraphQL.Http;

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
        if (context.HasErrors)
            return default;
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
            return default;
        return base.GetPostNodeVisitorAsync(context);
    }

    protected override ValueTask ValidateComplexityAsync(ValidationContext context, double totalComplexity, int maxDepth)
    {
        if (maxDepth > _maxDepth)
            context.ReportError(new QueryTooDeepError(maxDepth, _maxDepth));
        if (totalComplexity > _maxComplexity)
            context.ReportError(new QueryTooComplexError(totalComplexity, _maxComplexity));
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
                return false;
        }
        return true;
    }

    private static bool ExceedsIntrospectionListDepth(GraphQLSelectionSet? selectionSet, Dictionary<string, GraphQLFragmentDefinition> fragments,
        HashSet<string> visiting, int depth, bool insideIntrospection)
    {
        if (selectionSet is null)
            return false;
        foreach (var selection in selectionSet.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    var name = field.Name.StringValue;
                    var inside = insideIntrospection || name is "__schema" or "__type";
                    var fieldDepth = depth;
                    if (insideIntrospection && IntrospectionListFields.Contains(name) && ++fieldDepth >= MaxIntrospectionListDepth)
                        return true;
                    if (ExceedsIntrospectionListDepth(field.SelectionSet, fragments, visiting, fieldDepth, inside))
                        return true;
                    break;
                case GraphQLInlineFragment inline:
                    if (ExceedsIntrospectionListDepth(inline.SelectionSet, fragments, visiting, depth, insideIntrospection))
                        return true;
                    break;
                case GraphQLFragmentSpread spread:
                    var fragmentName = spread.FragmentName.Name.StringValue;
                    if (!fragments.TryGetValue(fragmentName, out var fragment) || !visiting.Add(fragmentName))
                        break;
                    try
                    {
                        if (ExceedsIntrospectionListDepth(fragment.SelectionSet, fragments, visiting, depth, insideIntrospection))
                            return true;
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

/// <summary>Refuses, for GET requests, any operation that is not a query (GraphQL-over-HTTP: mutations only over POST).</summary>
internal sealed class HttpGetQueryOnlyValidationRule : ValidationRuleBase
{
    public static readonly HttpGetQueryOnlyValidationRule Instance = new();

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var operation = context.Operation.Operation;
        if (operation != OperationType.Query)
            context.ReportError(new HttpMethodNotAllowedError(operation == OperationType.Mutation ? "mutation" : "subscription"));
        return default;
    }
}
