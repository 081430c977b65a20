using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Certificates;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Units;

namespace TimeBank.Demo;

/// <summary>A bulk issuance the demo city starts: a community's certificates for a year, by one of its staff.</summary>
public sealed record DemoBulkIssuance(Guid JobId, Guid CommunityId, int Year, CertificateSignatories Signatories, string Notes, Actor Actor);

/// <summary>
/// The demo city's certificates, as commands for the service to run (issuing takes numbers and seals with the
/// deployment's key, so they cannot be decided in memory like the rest of the history): each command beside the id the
/// client chose for it, so that running them again changes nothing.
/// </summary>
/// <param name="Issued">The well-known volunteer's certificate of their service in 太平角社区 over most of the past year.</param>
/// <param name="Requested">Their request for the last quarter, pending.</param>
/// <param name="Revocable">In each community, a certificate issued directly to one of its volunteers…</param>
/// <param name="Revocations">…and revoked, with a reason.</param>
/// <param name="BulkIssuances">In each community, the year's certificates issued in bulk.</param>
public sealed record DemoCertificatePlan(
    DemoCommand<IssueCertificate> Issued,
    DemoCommand<RequestCertificate> Requested,
    IReadOnlyList<DemoCommand<IssueCertificate>> Revocable,
    IReadOnlyList<DemoCommand<RevokeCertificate>> Revocations,
    IReadOnlyList<DemoBulkIssuance> BulkIssuances)
{
    /// <summary>The year the bulk issuances certify.</summary>
    public int Year => BulkIssuances[0].Year;
}

/// <summary>A command of the demo city and the id the client chose for it.</summary>
public sealed record DemoCommand<TCommand>(Guid CommandId, TCommand Command);

/// <summary>The demo city's certificates: who, where, over which days, signed by whom (see <see cref="DemoCertificatePlan"/>).</summary>
public static class DemoCertificates
{
    /// <summary>Certificates draw their ids from a sequence of their own, so that adding them changed nobody's history.</summary>
    public const int Seed = 2030;

    /// <summary>The bulk issuances' notes.</summary>
    public const string BulkNotes = "年度志愿服务证明（批量开具）";

    private static readonly string[] PeopleInCharge = ["王海燕", "刘建国", "陈淑芬", "张志强", "李秀兰", "赵德明"];
    private static readonly string[] HandlingOfficers = ["孙晓雯", "周鹏", "吴丽娜", "郑凯", "冯雪", "何晨"];

    /// <summary>
    /// The year the bulk issuances certify: the demo records go back a year from <paramref name="now"/>, so the year of
    /// the day half a year ago always holds at least half of them (this year from July, last year before).
    /// </summary>
    public static int BulkYear(DateTimeOffset now) => ChinaTime.DayOf(now).AddDays(-183).Year;

    public static DemoCertificatePlan Plan(DemoCityHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var ids = new Queue<Guid>(Ids(history.Cast.Communities.Count));
        var cast = history.Cast;
        var today = ChinaTime.DayOf(history.Now);
        var records = history.Records
            .Select(s => s.Events.Aggregate((ServiceRecord?)null, ServiceRecord.Evolve)!)
            .Where(r => r.Status is RecordStatus.Verified or RecordStatus.Credited)
            .ToList();

        var first = cast.Communities[0];
        var firstStaff = Actor.Staff(first.Staff[0], first.Id);
        var well = cast.Volunteers[0];
        var issued = new DemoCommand<IssueCertificate>(ids.Dequeue(), new IssueCertificate(
            ids.Dequeue(), new CertificateSubject(well.Id, first.Id, new CertificatePeriod(today.AddDays(-364), today.AddDays(-91))),
            SignatoriesOf(first), "应本人申请开具，供升学使用", firstStaff));
        var requested = new DemoCommand<RequestCertificate>(ids.Dequeue(), new RequestCertificate(
            ids.Dequeue(), first.Id, new CertificatePeriod(today.AddDays(-90), today.AddDays(-1)), Actor.Volunteer(well.Id)));

        var revocable = new List<DemoCommand<IssueCertificate>>();
        var revocations = new List<DemoCommand<RevokeCertificate>>();
        var bulk = new List<DemoBulkIssuance>();
        var year = BulkYear(history.Now);
        foreach (var community in cast.Communities)
        {
            var staff = Actor.Staff(community.Staff[0], community.Id);
            var period = new CertificatePeriod(today.AddDays(-364), today.AddDays(-1));
            // The volunteer of the community (not the well-known one) with the most verified service there.
            var volunteerId = records
                .Where(r => r.CommunityId == community.Id && r.VolunteerId != well.Id && period.Contains(ChinaTime.DayOf(r.StartedAt)))
                .GroupBy(r => r.VolunteerId)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
                .First().Key;
            var issue = new DemoCommand<IssueCertificate>(ids.Dequeue(), new IssueCertificate(
                ids.Dequeue(), new CertificateSubject(volunteerId, community.Id, period), SignatoriesOf(community), "", staff));
            revocable.Add(issue);
            revocations.Add(new DemoCommand<RevokeCertificate>(ids.Dequeue(), new RevokeCertificate(
                issue.Command.CertificateId, RevocationCategory.IssuedInError, "证明期间填写有误，已按正确期间重新开具", staff)));
            bulk.Add(new DemoBulkIssuance(ids.Dequeue(), community.Id, year, SignatoriesOf(community), BulkNotes, staff));
        }

        return new DemoCertificatePlan(issued, requested, revocable, revocations, bulk);
    }

    /// <summary>The well-known volunteer's issued certificate (<see cref="DemoCertificatePlan.Issued"/>): the same whatever the clock says.</summary>
    public static Guid VolunteerCertificateId => Ids(DemoCity.Cast.Communities.Count)[1];

    /// <summary>The well-known volunteer's pending request (<see cref="DemoCertificatePlan.Requested"/>).</summary>
    public static Guid VolunteerRequestId => Ids(DemoCity.Cast.Communities.Count)[3];

    /// <summary>The bulk issuance of 太平角社区 (its job id): the same whatever the clock says.</summary>
    public static Guid FirstCommunityBulkIssuanceId => Ids(DemoCity.Cast.Communities.Count)[7];

    /// <summary>Every id the plan uses, in the order it uses them: four for the well-known volunteer, four per community.</summary>
    private static Guid[] Ids(int communities)
    {
        var rng = new Random(Seed);
        return [.. Enumerable.Range(0, 4 + (4 * communities)).Select(_ => DemoCity.NextGuid(rng))];
    }

    private static CertificateSignatories SignatoriesOf(DemoCommunity community) =>
        new(PeopleInCharge[(community.Number - 1) % PeopleInCharge.Length], HandlingOfficers[(community.Number - 1) % HandlingOfficers.Length],
            $"0532-8{community.Number:D3} {1000 + (community.Number * 37):D4}");
}
