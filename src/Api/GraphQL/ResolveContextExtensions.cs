using GraphQL;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.GraphQL;

internal static class ResolveContextExtensions
{
    /// <summary>The acting user; an anonymous caller may do nothing in this schema.</summary>
    public static Actor RequireActor(this IResolveFieldContext context) =>
        ActorFromClaims.From(context.User) ?? throw SchemaErrors.NotAuthenticated();

    /// <summary>An <c>ID</c> argument that names a thing by its UUID (or by its global id, whose UUID is taken).</summary>
    public static Guid GetId(this IResolveFieldContext context, string name)
    {
        var value = context.GetArgument<object?>(name);
        return value switch
        {
            Guid guid => guid,
            Relay.GlobalId global => global.Id,
            string text when Guid.TryParse(text, out var parsed) => parsed,
            _ => throw SchemaErrors.InvalidInput($"Argument '{name}' must be a UUID."),
        };
    }

    public static T Service<T>(this IResolveFieldContext context)
        where T : notnull =>
        context.RequestServices!.GetRequiredService<T>();
}
