using GraphQL;
using GraphQL.Types;
using TimeBank.GraphQL.Http;

namespace TimeBank.Api.Tests.GraphQLHttp;

/// <summary>A tiny schema exercising the endpoint: arguments, recursion (depth), domain and unexpected errors, a mutation.</summary>
public sealed class TestSchema : Schema
{
    public TestSchema(IServiceProvider services, TestQuery query, TestMutation mutation)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
    }
}

/// <summary>The same query type, without mutations: operations the schema does not define.</summary>
public sealed class QueryOnlySchema : Schema
{
    public QueryOnlySchema(IServiceProvider services, TestQuery query)
        : base(services)
    {
        Query = query;
    }
}

public sealed class TestQuery : ObjectGraphType
{
    public const string SecretExceptionText = "connection string Password=hunter2 rejected";

    public TestQuery()
    {
        Name = "Query";
        Field<StringGraphType>("hello")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .Resolve(context => $"Hello, {context.GetArgument<string>("name")}!");
        Field<NodeType>("node").Resolve(_ => new TestNode(1));
        Field<ListGraphType<NodeType>>("nodes").Resolve(_ => new[] { new TestNode(1), new TestNode(1) });
        Field<StringGraphType>("refused")
            .Resolve(_ => throw new ExecutionError("Not enough points to do that.") { Code = "TEST_REFUSED" });
        Field<StringGraphType>("boom")
            .Resolve(_ => throw new InvalidOperationException(SecretExceptionText));
        Field<StringGraphType>("requestPath")
            .Resolve(context => ((GraphQLUserContext)context.UserContext).HttpContext.Request.Path.Value);
        Field<BooleanGraphType>("userIsPassed")
            .Resolve(context => context.User is not null && ReferenceEquals(context.User, ((GraphQLUserContext)context.UserContext).HttpContext.User));
    }
}

public sealed record TestNode(int Depth);

public sealed class NodeType : ObjectGraphType<TestNode>
{
    public NodeType()
    {
        Name = "Node";
        Field(node => node.Depth);
        Field<NodeType>("child").Resolve(context => new TestNode(context.Source.Depth + 1));
    }
}

public sealed class TestMutation : ObjectGraphType
{
    public TestMutation()
    {
        Name = "Mutation";
        Field<StringGraphType>("echo")
            .Argument<NonNullGraphType<StringGraphType>>("text")
            .Resolve(context => context.GetArgument<string>("text"));
    }
}
