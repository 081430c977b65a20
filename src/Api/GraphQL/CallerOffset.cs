using TimeBank.Ledger;

namespace TimeBank.Api.GraphQL;

/// <summary>
/// The offset the caller writes times in, as the first <c>DateTimeOffset</c> of the request showed it ("…+08:00", "…Z"):
/// the times a refusal names are shown in it, or in China time when the request gave no time
/// (<see cref="RefusalTimes"/>). The scalar converts every time to UTC as it parses it
/// (<see cref="Types.UtcDateTimeOffsetGraphType"/>), so it notes the offset here first; one per request, from before
/// the variables are parsed to the last resolver.
/// </summary>
public sealed class CallerOffset
{
    private static readonly AsyncLocal<CallerOffset?> OfThisRequest = new();

    private TimeSpan? _offset;

    /// <summary>A request begins: what it and everything it awaits parse is noted on this one.</summary>
    public static void Begin() => OfThisRequest.Value = new CallerOffset();

    /// <summary>The scalar parsed a time written in <paramref name="offset"/>; the first one counts.</summary>
    public static void Saw(TimeSpan offset)
    {
        if (OfThisRequest.Value is { } request)
        {
            request._offset ??= offset;
        }
    }

    /// <summary>The offset to show this request's times in: the caller's, or China time.</summary>
    public static TimeSpan Current => OfThisRequest.Value?._offset ?? RefusalTimes.ChinaTime;

    /// <summary>A refusal's message with the instants it names in the caller's offset.</summary>
    public static string Show(string message, IReadOnlyList<DateTimeOffset>? times) => RefusalTimes.InOffset(message, times, Current);
}
