namespace TimeBank.Api.Infrastructure;

/// <summary>
/// The chain of a failure: the exception, its inner exceptions and every exception an <see cref="AggregateException"/>
/// holds. Marten and Wolverine wrap Npgsql's exceptions, so the rules that read a failure (<see cref="DatabaseOutage"/>,
/// <c>ConflictRetry</c>) ask whether any link of it is what they look for.
/// </summary>
public static class ExceptionChain
{
    public static bool Any(Exception? exception, Func<Exception, bool> test)
    {
        ArgumentNullException.ThrowIfNull(test);
        return exception switch
        {
            null => false,
            _ when test(exception) => true,
            AggregateException aggregate => aggregate.InnerExceptions.Any(inner => Any(inner, test)),
            _ => Any(exception.InnerException, test),
        };
    }
}
