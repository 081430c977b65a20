using System.Collections.Immutable;
using JasperFx.Events;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Standings;

namespace TimeBank.Projections.Standings;

/// <summary>
/// The leaderboards (ADR 0038): a volunteer counts on the boards of their home community and of its street, district
/// and city. A credit adds its minutes and points to the three periods containing it (month, year, all time, China
/// time); its revocation takes the same amounts back from the same periods. Every change of a public score also moves
/// the district's and the city's <see cref="BoardHistogram"/>, from which a rank is read without counting the board.
/// Leaving the public boards takes the volunteer out of every histogram; rejoining puts them back.
/// </summary>
public sealed class BoardFold : CityFold
{
    public override IReadOnlySet<Type> EventTypes { get; } = new HashSet<Type>
    {
        typeof(CommunityRegistered), typeof(VolunteerRegistered), typeof(ServiceCredited), typeof(ServiceCreditRevoked),
        typeof(PublicBoardsLeft), typeof(PublicBoardsRejoined),
    };

    public override IReadOnlyList<Type> DocumentTypes { get; } = [typeof(BoardEntry), typeof(BoardCount), typeof(BoardVolunteer), typeof(BoardCommunity)];

    public override IEnumerable<DocumentKey> Reads(IEvent e, FoldDocuments documents)
    {
        if (e.Data is CommunityRegistered or VolunteerRegistered)
        {
            return [];
        }

        var volunteerId = ((VolunteerAccountEvent)e.Data).VolunteerId;
        var volunteerKey = DocumentKey.Of<BoardVolunteer>(BoardVolunteer.IdOf(volunteerId));
        if (!documents.IsKnown(volunteerKey))
        {
            return [volunteerKey];
        }

        if (documents.Get<BoardVolunteer>(volunteerKey.Id) is not { } volunteer)
        {
            return [];
        }

        var needed = new List<DocumentKey> { DocumentKey.Of<BoardCommunity>(BoardCommunity.IdOf(volunteer.HomeCommunityId)) };
        needed.AddRange(PeriodsConcerned(e.Data, volunteer).Select(p => DocumentKey.Of<BoardEntry>(BoardEntry.IdOf(volunteerId, p))));
        if (needed.Any(key => !documents.IsKnown(key)))
        {
            return needed;
        }

        return Plan(e.Data, volunteer, documents).Counts.Keys.Select(DocumentKey.Of<BoardCount>);
    }

    public override void Apply(IEvent e, FoldDocuments documents)
    {
        switch (e.Data)
        {
            case CommunityRegistered registered:
                var community = BoardCommunity.IdOf(registered.CommunityId);
                documents.Put(community, new BoardCommunity(community, registered.CommunityId, registered.District.Trim(), registered.Street.Trim()));
                return;
            case VolunteerRegistered registered:
                var id = BoardVolunteer.IdOf(registered.VolunteerId);
                documents.Put(id, new BoardVolunteer(id, registered.VolunteerId, registered.VolunteerNumber, registered.HomeCommunityId, true,
                    ImmutableDictionary<Guid, BoardCredit>.Empty, []));
                return;
        }

        // An account event of a volunteer the fold has not seen registered has no board to change.
        if (documents.Get<BoardVolunteer>(BoardVolunteer.IdOf(((VolunteerAccountEvent)e.Data).VolunteerId)) is not { } volunteer)
        {
            return;
        }

        var plan = Plan(e.Data, volunteer, documents);
        if (plan.Volunteer != volunteer)
        {
            documents.Put(plan.Volunteer.Id, plan.Volunteer);
        }

        foreach (var entry in plan.Entries)
        {
            documents.Put(entry.Id, entry);
        }

        foreach (var (countId, delta) in plan.Counts)
        {
            var count = documents.Get<BoardCount>(countId) ?? NewCount(countId);
            documents.Put(countId, count with { Entries = count.Entries + delta });
        }
    }

    /// <summary>The period keys whose entries an account event changes.</summary>
    private static IEnumerable<string> PeriodsConcerned(object data, BoardVolunteer volunteer) => data switch
    {
        ServiceCredited credited when !volunteer.Credits.ContainsKey(credited.RecordId) => ReportingPeriod.Containing(credited.CreditedAt).Select(p => p.Key),
        ServiceCreditRevoked revoked when volunteer.Credits.TryGetValue(revoked.RecordId, out var credit) => PeriodsOf(credit.Month),
        PublicBoardsLeft when volunteer.IsPublic => volunteer.Periods,
        PublicBoardsRejoined when !volunteer.IsPublic => volunteer.Periods,
        _ => [],
    };

    /// <summary>A month's key, its year's and all time.</summary>
    private static string[] PeriodsOf(string month) => [month, month[..4], ReportingPeriod.AllTime.Key];

    private sealed record Changes(BoardVolunteer Volunteer, IReadOnlyList<BoardEntry> Entries, IReadOnlyDictionary<string, long> Counts);

    /// <summary>What the event changes: the volunteer's state, their entries, and the histogram counts (by id, non-zero deltas).</summary>
    private static Changes Plan(object data, BoardVolunteer volunteer, FoldDocuments documents)
    {
        var (after, minutes, points) = data switch
        {
            ServiceCredited c when !volunteer.Credits.ContainsKey(c.RecordId) => (volunteer with
            {
                Credits = volunteer.Credits.Add(c.RecordId, new BoardCredit(CalendarMonth.Of(c.CreditedAt).Key, c.ServiceMinutes, c.Points)),
                Periods = [.. volunteer.Periods.Union(PeriodsConcerned(c, volunteer))],
            }, c.ServiceMinutes, c.Points),
            ServiceCreditRevoked r when volunteer.Credits.TryGetValue(r.RecordId, out var credit) =>
                (volunteer with { Credits = volunteer.Credits.Remove(r.RecordId) }, -credit.Minutes, -credit.Points),
            PublicBoardsLeft => (volunteer with { IsPublic = false }, 0L, 0L),
            PublicBoardsRejoined => (volunteer with { IsPublic = true }, 0L, 0L),
            _ => (volunteer, 0L, 0L),
        };

        var home = documents.Get<BoardCommunity>(BoardCommunity.IdOf(volunteer.HomeCommunityId));
        var entries = new List<BoardEntry>();
        var counts = new Dictionary<string, long>();
        foreach (var period in PeriodsConcerned(data, volunteer))
        {
            var before = documents.Get<BoardEntry>(BoardEntry.IdOf(volunteer.VolunteerId, period)) ?? NewEntry(volunteer, home, period);
            var changed = before.WithTotals(before.Minutes + minutes, before.Points + points) with { IsPublic = after.IsPublic };
            entries.Add(changed);
            Count(counts, before, -1);
            Count(counts, changed, +1);
        }

        foreach (var zero in counts.Where(c => c.Value == 0).Select(c => c.Key).ToList())
        {
            counts.Remove(zero);
        }

        return new Changes(after, entries, counts);
    }

    /// <summary>Adds <paramref name="sign"/> to the histogram buckets of a public entry's scores, at its district and the city.</summary>
    private static void Count(Dictionary<string, long> counts, BoardEntry entry, int sign)
    {
        if (!entry.IsPublic)
        {
            return;
        }

        foreach (var area in new[] { entry.District, Area.City.Key })
        {
            if (area is null)
            {
                continue;
            }

            foreach (var measure in new[] { BoardMeasure.Hours, BoardMeasure.Points })
            {
                var score = entry.Score(measure);
                if (score <= 0)
                {
                    continue;
                }

                for (var level = 0; level < BoardHistogram.Levels; level++)
                {
                    var id = BoardHistogram.IdOf(BoardHistogram.Scope(area, entry.Period, measure, level), BoardHistogram.Bucket(score, level));
                    counts[id] = counts.GetValueOrDefault(id) + sign;
                }
            }
        }
    }

    private static BoardEntry NewEntry(BoardVolunteer volunteer, BoardCommunity? home, string period) => new(
        BoardEntry.IdOf(volunteer.VolunteerId, period), volunteer.VolunteerId, volunteer.Number, period,
        $"community:{volunteer.HomeCommunityId:N}",
        home is null ? null : Area.OfStreet(home.District, home.Street).Key,
        home is null ? null : Area.OfDistrict(home.District).Key,
        0, 0, volunteer.IsPublic);

    private static BoardCount NewCount(string id)
    {
        var cut = id.LastIndexOf('|');
        return new BoardCount(id, id[..cut], long.Parse(id[(cut + 1)..], System.Globalization.CultureInfo.InvariantCulture), 0);
    }
}
