using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;

namespace TimeBank.Api.GraphQL.Http;

/// <summary>GraphQL.NET's complexity analyzer, reporting depth and complexity separately with their own codes.</summary>
internal sealed class GraphQLLimitsValidationRule : ComplexityValidationRule
{
    private readonly int _maxDepth;
    private readonly int _maxComplexity;

    public GraphQLLimitsValidationRule(int maxDepth, int maxComplexity)
        : base(new ComplexityOptions { MaxDepth = maxDepth, MaxComplexity = maxComplexity })
    {
        _maxDepth = maxDepth;
        _maxComplexity = maxComplexity;
    }

    protected override ValueTask ValidateComplexityAsync(ValidationContext context, double totalComplexity, int maxDepth)
    {
        if (maxDepth > _maxDepth)
            context.ReportError(new QueryTooDeepError(maxDepth, _maxDepth));
        if (totalComplexity > _maxComplexity)
            context.ReportError(new QueryTooComplexError(totalComplexity, _maxComplexity));
        return default;
    }
}

/// <summary>Refuses, for GET requests, any operation that is not a query (GraphQL-over-HTTP: mutations only over POST).</summary>
internal sealed class HttpGetQueryOnlyValidationRule : ValidationRuleBase
{
    public static readonly HttpGetQueryOnlyValidationRule Instance = new();

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var operation = context.Operation.Operation;
        if (operation != GraphQLParser.AST.OperationType.Query)
            context.ReportError(new HttpMethodNotAllowedError(operation == GraphQLParser.AST.OperationType.Mutation ? "mutation" : "subscription"));
        return default;
    }
}
