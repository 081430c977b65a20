using System.Globalization;

namespace TimeBank.Api.GraphQL;

/// <summary>
/// A keyset cursor over things ordered by a moment, then by their id (service records by when the service started,
/// holds by when they were placed); uuid order in PostgreSQL and <see cref="Guid.CompareTo(Guid)"/> agree.
/// </summary>
internal sealed record MomentPosition(DateTimeOffset At, Guid Id)
{
    /// <summary>How many things at the very same moment one page may skip over.</summary>
    public const int MaxSameMoment = 1_000;

    public override string ToString() => At.UtcTicks.ToString(CultureInfo.InvariantCulture) + "/" + Id.ToString("N");

    public static MomentPosition? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Split('/');
        return parts.Length == 2
               && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
               && ticks <= DateTimeOffset.MaxValue.UtcTicks
               && Guid.TryParseExact(parts[1], "N", out var id)
            ? new MomentPosition(new DateTimeOffset(ticks, TimeSpan.Zero), id)
            : throw SchemaErrors.InvalidInput("'after' is not a cursor of this connection.");
    }
}
