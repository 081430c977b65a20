using GraphQL;
using TimeBank.Ledger;

namespace TimeBank.Api.GraphQL;

/// <summary>The errors resolvers raise; <c>extensions.code</c> is the stable code clients match on.</summary>
public static class SchemaErrors
{
    public const string Unauthenticated = "UNAUTHENTICATED";

    public static ExecutionError Of(string code, string message) => new(message) { Code = code };

    public static ExecutionError NotAuthenticated() =>
        Of(Unauthenticated, "Sign in first: this operation needs an authenticated user.");

    /// <summary>The same answer whether the thing does not exist or the caller may not see it.</summary>
    public static ExecutionError NotFound(string what, Guid id) => Of(RefusalCodes.NotFound, $"{what} {id} was not found.");

    public static ExecutionError InvalidInput(string message) => Of(RefusalCodes.InvalidInput, message);

    public static ExecutionError InvalidAmount(string message) => Of(RefusalCodes.InvalidAmount, message);

    /// <summary>
    /// A refusal of part of a field's answer, told beside the answer (in <c>errors</c>, at the field's path) while the rest
    /// is given: what a district that did not answer holds of a volunteer's own list (ADR 0047).
    /// </summary>
    public static void Beside(IResolveFieldContext context, LedgerRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(refusal);
        var error = Of(refusal.Code, refusal.Message);
        error.Path = context.Path;
        context.Errors.Add(error);
    }

    /// <summary>Runs work that the ledger may refuse outside a command (a public read, a job's start): a refusal becomes the error of its code.</summary>
    public static async Task<T> UnlessRefusedAsync<T>(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            return await work();
        }
        catch (LedgerRefusal refusal)
        {
            throw Of(refusal.Code, refusal.Message);
        }
    }
}
