using System.Globalization;

namespace TimeBank.Api.GraphQL;

/// <summary>
/// A keyset cursor over service records ordered by when the service started, then by record id (uuid order in
/// PostgreSQL and <see cref="Guid.CompareTo(Guid)"/> agree).
/// </summary>
internal sealed record RecordPosition(DateTimeOffset StartedAt, Guid Id)
{
    /// <summary>How many records starting at the very same instant one page may skip over.</summary>
    public const int MaxSameStart = 1_000;

    public override string ToString() => StartedAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + "/" + Id.ToString("N");

    public static RecordPosition? Parse(string? text)
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
            ? new RecordPosition(new DateTimeOffset(ticks, TimeSpan.Zero), id)
            : throw SchemaErrors.InvalidInput("'after' is not a cursor of this connection.");
    }
}
