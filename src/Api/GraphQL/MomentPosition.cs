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

    /// <summary>How many to read for a page of <paramref name="first"/> after <paramref name="after"/>: one more to know there is more, and those at the cursor's very moment.</summary>
    public static int ToRead(int first, MomentPosition? after) => first + 1 + (after is null ? 0 : MaxSameMoment);

    /// <summary>
    /// The page from what was read (at or beyond the cursor's moment, in order): those at the cursor's moment up to the
    /// cursor itself are skipped here, the rest paged with cursors of <paramref name="kind"/>.
    /// </summary>
    public static Page<T> PageOf<T>(IReadOnlyList<T> read, int first, MomentPosition? after, string kind, Func<T, MomentPosition> positionOf, bool newestFirst)
    {
        var page = read
            .Where(item => after is null || positionOf(item) is var position
                && (newestFirst
                    ? position.At < after.At || position.Id.CompareTo(after.Id) < 0
                    : position.At > after.At || position.Id.CompareTo(after.Id) > 0))
            .Take(first + 1)
            .ToList();
        return Paging.PageOf(page, first, item => Paging.Cursor(kind, positionOf(item).ToString()), hasPrevious: after is not null);
    }

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
