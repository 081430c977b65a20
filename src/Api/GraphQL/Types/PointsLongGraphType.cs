using GraphQL.Types;

namespace TimeBank.Api.GraphQL.Types;

/// <summary>The schema's <c>Long</c>, described: registered in place of the built-in one (<see cref="TimeBankSchema"/>).</summary>
public sealed class PointsLongGraphType : LongGraphType
{
    public PointsLongGraphType()
    {
        Name = "Long";
        Description = "A 64-bit integer, written as a JSON number: points are Long (a JSON number beyond 2^53 loses precision in JavaScript; no balance comes near).";
    }
}
