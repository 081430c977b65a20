using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using JasperFx.Events;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Standings;
using TimeBank.Projections.Standings;

namespace TimeBank.Projections.Tests;

/// <summary>
/// The leaderboards' fold against a model: for random histories of registrations, credits, revocations and opt-outs in
/// a small city, folded in batches of random sizes (each batch loading only what <see cref="CityFold.Reads"/> names),
/// every board of every area, period and measure equals a plain sort of the model's totals, ties included, and every
/// volunteer's own rank (opted out or not) equals the model's.
/// </summary>
public sealed class BoardFoldTests
{
    private static readonly Guid Staff = Guid.Parse("0195f3a0-0000-7000-8000-0000000000ff");

    /// <summary>Two districts, three streets, four communities: two of them share a street.</summary>
    private static readonly (Guid Id, string District, string Street)[] Communities =
    [
        (Guid.Parse("0195f3a0-0000-7000-8000-0000000000c1"), "市南区", "八大关街道"),
        (Guid.Parse("0195f3a0-0000-7000-8000-0000000000c2"), "市南区", "八大关街道"),
        (Guid.Parse("0195f3a0-0000-7000-8000-0000000000c3"), "市南区", "湛山街道"),
        (Guid.Parse("0195f3a0-0000-7000-8000-0000000000c4"), "市北区", "湛山街道"),
    ];

    /// <summary>Times around month and year ends in China time (UTC+8): 16:30 UTC on the last day is already the next day.</summary>
    private static readonly DateTimeOffset[] Times =
    [
        new(2025, 12, 31, 15, 59, 0, TimeSpan.Zero), new(2025, 12, 31, 16, 30, 0, TimeSpan.Zero),
        new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero), new(2026, 1, 31, 16, 0, 0, TimeSpan.Zero), new(2026, 2, 10, 9, 0, 0, TimeSpan.Zero),
    ];

    private abstract record Step;

    private sealed record Register(int Volunteer, int Community, int Number) : Step;

    private sealed record Credit(int Volunteer, long Minutes, long Points, int Time) : Step;

    private sealed record Revoke(int Volunteer, int Pick) : Step;

    private sealed record Opt(int Volunteer) : Step;

    private static Guid VolunteerId(int i) => new($"0195f3a0-0000-7000-9000-{i:D12}");

    /// <summary>Scores mostly small (many ties), sometimes large enough to reach every level of the histogram.</summary>
    private static Gen<long> Amount() => Gen.Frequency(
        (6, Gen.Elements(0L, 30L, 60L, 90L)),
        (3, Gen.Choose(1, 700).Select(i => (long)i)),
        (1, Gen.Choose(1, 2_000_000).Select(i => (long)i * 7)));

    private static Gen<Step> Steps() => Gen.Frequency(
        (2, from v in Gen.Choose(0, 11) from c in Gen.Choose(0, Communities.Length - 1) from n in Gen.Choose(0, 99) select (Step)new Register(v, c, n)),
        (6, from v in Gen.Choose(0, 11) from m in Amount() from p in Amount() from t in Gen.Choose(0, Times.Length - 1)
            select (Step)new Credit(v, Math.Max(m, 1), p, t)),
        (2, from v in Gen.Choose(0, 11) from pick in Gen.Choose(0, 20) select (Step)new Revoke(v, pick)),
        (1, Gen.Choose(0, 11).Select(v => (Step)new Opt(v))));

    [Property(MaxTest = 200)]
    public Property Every_board_and_every_rank_equal_the_models() =>
        Prop.ForAll(Steps().ListOf().ToArbitrary(), Gen.Choose(1, 12).ToArbitrary(), (steps, batch) =>
        {
            var model = new Model();
            var events = model.Run(steps);
            var store = Fold(events, batch);
            Check(model, store);
            // The rebuild folds everything at once, from nothing: the same entries and counts.
            var rebuilt = Rebuild(events);
            Assert.Equal(Sorted<BoardEntry>(store), Sorted<BoardEntry>(rebuilt));
            Assert.Equal(Sorted<BoardCount>(store), Sorted<BoardCount>(rebuilt));
            return true;
        });

    [Fact]
    public void A_revocation_moves_the_volunteer_down_and_an_opted_out_volunteer_sees_their_rank_off_the_board()
    {
        var model = new Model();
        var events = model.Run(
        [
            new Register(1, 0, 1), new Register(2, 1, 2), new Register(3, 0, 3),
            new Credit(1, 120, 30, 2), new Credit(2, 90, 20, 2), new Credit(3, 60, 10, 2), new Revoke(1, 0), new Opt(3),
        ]);
        var store = Fold(events, 3);
        var city = Board(store, Area.City.Key, "2026-01", BoardMeasure.Hours);

        Assert.Equal(["V-002"], city.Select(e => e.Number));
        Assert.Equal(2, OwnRank(store, VolunteerId(3), AreaLevel.City, "2026-01", BoardMeasure.Hours));
        Check(model, store);
    }

    // The fold, run as the daemon runs it: a batch at a time, loading what Reads names, storing what changed.

    private static Dictionary<DocumentKey, object> Fold(IReadOnlyList<object> events, int batch)
    {
        var fold = new BoardFold();
        var store = new Dictionary<DocumentKey, object>();
        foreach (var chunk in events.Chunk(batch))
        {
            var documents = new FoldDocuments(complete: false);
            foreach (var data in chunk)
            {
                var e = (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;
                Assert.Contains(data.GetType(), fold.EventTypes);
                while (fold.Reads(e, documents).Where(key => !documents.IsKnown(key)).ToList() is { Count: > 0 } missing)
                {
                    foreach (var key in missing)
                    {
                        documents.Loaded(key, store.GetValueOrDefault(key));
                    }
                }

                fold.Apply(e, documents);
            }

            foreach (var document in documents.Changed)
            {
                store[KeyOf(document)] = document;
            }
        }

        return store;
    }

    private static Dictionary<DocumentKey, object> Rebuild(IReadOnlyList<object> events)
    {
        var fold = new BoardFold();
        var documents = new FoldDocuments(complete: true);
        foreach (var data in events)
        {
            fold.Apply((IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!, documents);
        }

        return documents.Changed.ToDictionary(KeyOf, d => (object)d);
    }

    private static List<T> Sorted<T>(Dictionary<DocumentKey, object> store) where T : ICityDocument =>
        [.. store.Values.OfType<T>().OrderBy(d => d.Id, StringComparer.Ordinal)];

    private static DocumentKey KeyOf(ICityDocument document) => new(document.GetType(), document.Id);

    // The boards as the queries read them: the entries in index order; ranks from the histogram (district, city) or a count.

    private static List<BoardEntry> Entries(Dictionary<DocumentKey, object> store) => [.. store.Values.OfType<BoardEntry>()];

    private static List<BoardEntry> Board(Dictionary<DocumentKey, object> store, string area, string period, BoardMeasure measure) =>
        [.. Entries(store)
            .Where(e => e.Period == period && e.IsPublic && e.Score(measure) > 0 && AreaKeys(e).Contains(area))
            .OrderBy(e => measure == BoardMeasure.Hours ? e.MinutesKey : e.PointsKey).ThenBy(e => e.Number, StringComparer.Ordinal)];

    private static string?[] AreaKeys(BoardEntry e) => [e.Community, e.Street, e.District, Area.City.Key];

    private static long Rank(Dictionary<DocumentKey, object> store, AreaLevel level, string area, string period, BoardMeasure measure, long score) =>
        BoardHistogram.Keeps(level)
            ? 1 + BoardHistogram.RangesAbove(score).Sum(range =>
            {
                var scope = BoardHistogram.Scope(area, period, measure, range.Level);
                return store.Values.OfType<BoardCount>()
                    .Where(c => c.Scope == scope && c.Bucket > range.Above && (range.Below is null || c.Bucket < range.Below))
                    .Sum(c => c.Entries);
            })
            : 1 + Board(store, area, period, measure).Count(e => e.Score(measure) > score);

    private static long? OwnRank(Dictionary<DocumentKey, object> store, Guid volunteerId, AreaLevel level, string period, BoardMeasure measure)
    {
        var volunteer = (BoardVolunteer)store[DocumentKey.Of<BoardVolunteer>(BoardVolunteer.IdOf(volunteerId))];
        var entry = store.GetValueOrDefault(DocumentKey.Of<BoardEntry>(BoardEntry.IdOf(volunteerId, period))) as BoardEntry;
        var home = (BoardCommunity)store[DocumentKey.Of<BoardCommunity>(BoardCommunity.IdOf(volunteer.HomeCommunityId))];
        var area = Area.Of(home.CommunityId, home.District, home.Street)[(int)level];
        return Rank(store, level, area.Key, period, measure, entry?.Score(measure) ?? 0);
    }

    private static void Check(Model model, Dictionary<DocumentKey, object> store)
    {
        var areas = Communities.SelectMany(c => Area.Of(c.Id, c.District, c.Street)).Distinct().ToList();
        var periods = Times.SelectMany(ReportingPeriod.Containing).Select(p => p.Key).Distinct().ToList();
        foreach (var area in areas)
        {
            foreach (var period in periods)
            {
                foreach (var measure in new[] { BoardMeasure.Hours, BoardMeasure.Points })
                {
                    var expected = model.Board(area, period, measure);
                    var actual = Board(store, area.Key, period, measure);
                    var shown = actual.Select(e => (e.Number, e.Score(measure), Rank(store, area.Level, area.Key, period, measure, e.Score(measure)))).ToList();
                    Assert.Equal(expected, shown);
                }
            }
        }

        foreach (var (volunteer, home) in model.Homes)
        {
            foreach (var level in Enum.GetValues<AreaLevel>())
            {
                var area = Area.Of(Communities[home].Id, Communities[home].District, Communities[home].Street)[(int)level];
                foreach (var period in periods)
                {
                    foreach (var measure in new[] { BoardMeasure.Hours, BoardMeasure.Points })
                    {
                        Assert.Equal(model.Rank(area, period, measure, model.Score(volunteer, period, measure)),
                            OwnRank(store, VolunteerId(volunteer), level, period, measure));
                    }
                }
            }
        }
    }

    /// <summary>The model: live credits per volunteer, who is public, and plain sorts of the totals.</summary>
    private sealed class Model
    {
        public Dictionary<int, int> Homes { get; } = [];
        private readonly Dictionary<int, string> numbers = [];
        private readonly HashSet<int> optedOut = [];
        private readonly Dictionary<int, List<(Guid Record, long Minutes, long Points, DateTimeOffset At)>> credits = [];
        private int records;

        public List<object> Run(IEnumerable<Step> steps)
        {
            var events = new List<object>();
            events.AddRange(Communities.Select(c => new CommunityRegistered(c.Id, "社区", c.Street, c.District, Staff, Times[0])));
            foreach (var step in steps)
            {
                switch (step)
                {
                    case Register r when !Homes.ContainsKey(r.Volunteer):
                        // Numbers unique, in an order unlike the volunteers' ids.
                        var number = $"V-{r.Number:D3}";
                        if (numbers.ContainsValue(number))
                        {
                            number = $"V-{r.Volunteer:D3}";
                        }

                        if (numbers.ContainsValue(number))
                        {
                            continue;
                        }

                        Homes[r.Volunteer] = r.Community;
                        numbers[r.Volunteer] = number;
                        credits[r.Volunteer] = [];
                        events.Add(new VolunteerRegistered(VolunteerId(r.Volunteer), Communities[r.Community].Id, number, Staff, Times[0]));
                        break;
                    case Credit c when Homes.ContainsKey(c.Volunteer):
                        var record = new Guid($"0195f3a0-0000-7000-a000-{++records:D12}");
                        credits[c.Volunteer].Add((record, c.Minutes, c.Points, Times[c.Time]));
                        events.Add(new ServiceCredited(VolunteerId(c.Volunteer), record, Communities[0].Id, c.Minutes, 0, 0, 0, c.Points, 0,
                            Times[c.Time].AddYears(2), [], Times[c.Time]));
                        break;
                    case Revoke r when credits.TryGetValue(r.Volunteer, out var live) && live.Count > 0:
                        var revoked = live[r.Pick % live.Count];
                        live.Remove(revoked);
                        events.Add(new ServiceCreditRevoked(VolunteerId(r.Volunteer), revoked.Record, Communities[0].Id, revoked.Minutes, 0, 0, 0,
                            revoked.Points, 0, 0, [], "有误", Staff, [], Times[^1]));
                        break;
                    case Opt o when Homes.ContainsKey(o.Volunteer):
                        events.Add(optedOut.Remove(o.Volunteer)
                            ? new PublicBoardsRejoined(VolunteerId(o.Volunteer), Times[^1])
                            : new PublicBoardsLeft(VolunteerId(o.Volunteer), Times[^1]));
                        if (events[^1] is PublicBoardsLeft)
                        {
                            optedOut.Add(o.Volunteer);
                        }

                        break;
                }
            }

            return events;
        }

        public long Score(int volunteer, string period, BoardMeasure measure) => credits[volunteer]
            .Where(c => ReportingPeriod.Containing(c.At).Any(p => p.Key == period))
            .Sum(c => measure == BoardMeasure.Hours ? c.Minutes : c.Points);

        private IEnumerable<int> PublicIn(Area area) => Homes
            .Where(h => !optedOut.Contains(h.Key) && area.Contains(Area.OfCommunity(Communities[h.Value].Id, Communities[h.Value].District, Communities[h.Value].Street)))
            .Select(h => h.Key);

        public long Rank(Area area, string period, BoardMeasure measure, long score) =>
            1 + PublicIn(area).Count(v => Score(v, period, measure) > score);

        public List<(string Number, long Score, long Rank)> Board(Area area, string period, BoardMeasure measure) =>
            [.. PublicIn(area)
                .Select(v => (Number: numbers[v], Score: Score(v, period, measure)))
                .Where(x => x.Score > 0)
                .OrderByDescending(x => x.Score).ThenBy(x => x.Number, StringComparer.Ordinal)
                .Select(x => (x.Number, x.Score, Rank(area, period, measure, x.Score)))];
    }
}
