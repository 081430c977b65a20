using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;

namespace TimeBank.Web.Components.Pages;

/// <summary>
/// The community staff's start page: the records awaiting their verification, an activity at a time, each verified with
/// one command and any record rejected with a reason. Every form carries the command id it was rendered with, so a form
/// sent twice (a double tap, a resubmission) changes the ledger once; a success is answered with a redirect (Post/Redirect/Get).
/// </summary>
public sealed partial class Staff
{
    /// <summary>The API's largest page: more than this waits for the next visit, and the page says so.</summary>
    public const int PageSize = 100;

    private const string VerifyPrefix = "verify-";
    private const string RejectPrefix = "reject-";

    private const string CommunitiesQuery = "{ me { communities { communityId name } } }";

    private const string AwaitingQuery = """
        query($communityId: ID!, $first: Int) {
          recordsAwaitingVerification(communityId: $communityId, first: $first) {
            edges { node { recordId projectId projectName place startedAt endedAt minutesServed content
                           volunteer { volunteerNumber person { name } } } }
            pageInfo { hasNextPage } } }
        """;

    private const string VerifyMutation = """
        mutation($input: VerifyServiceRecordsInput!) { verifyServiceRecords(input: $input) { replayed recordIds } }
        """;

    private const string RejectMutation = """
        mutation($input: RejectServiceRecordInput!) { rejectServiceRecord(input: $input) { replayed } }
        """;

    [SupplyParameterFromQuery(Name = "done")] private int? Done { get; set; }

    [SupplyParameterFromQuery(Name = "rejected")] private int? Rejected { get; set; }

    /// <summary>What a "verify all" form posted (any form of the page binds here; the handler that runs is the posted form's).</summary>
    [SupplyParameterFromForm] private VerifyForm? Verify { get; set; }

    /// <summary>What a reject form posted.</summary>
    [SupplyParameterFromForm] private RejectForm? Reject { get; set; }

    private IReadOnlyList<CommunityQueue>? Queues { get; set; }

    private IReadOnlyList<LedgerError> Errors { get; set; } = [];

    /// <summary>The name of the form this request posted, if any.</summary>
    private string? PostedForm { get; set; }

    /// <summary>
    /// A verify or reject form posted again after its records left the queue (a double tap; a resubmission): Blazor answers
    /// a post only from a form the page renders, so the page renders an empty one by that name, and its handler sends the
    /// posted command again. The command id makes the ledger answer with the first outcome and change nothing.
    /// </summary>
    private string? ResentForm => PostedForm is { } name
        && (name.StartsWith(VerifyPrefix, StringComparison.Ordinal) || name.StartsWith(RejectPrefix, StringComparison.Ordinal))
        && Queues is { } queues
        && !queues.SelectMany(q => q.Activities).Any(a => a.FormName == name || a.Records.Any(r => r.RejectFormName == name))
            ? name
            : null;

    protected override async Task OnInitializedAsync()
    {
        if (HttpMethods.IsPost(HttpContext.Request.Method) && HttpContext.Request.HasFormContentType)
        {
            PostedForm = (await HttpContext.Request.ReadFormAsync()).TryGetValue("_handler", out var handler) ? handler.ToString() : null;
        }

        if (await RequireAsync("STAFF"))
        {
            await LoadAsync();
        }
    }

    /// <summary>A form of this page sent by someone refused it (another role's session): answered with the 403 page, and nothing sent on.</summary>
    private static void Ignore()
    {
    }

    private async Task LoadAsync()
    {
        var communities = await Ledger.AskAsync(CommunitiesQuery);
        var errors = communities.Errors.ToList();
        var queues = new List<CommunityQueue>();
        if (communities["me"] is { ValueKind: JsonValueKind.Object } me)
        {
            foreach (var community in me.GetProperty("communities").EnumerateArray())
            {
                var answer = await Ledger.AskAsync(AwaitingQuery, new { communityId = community.GetProperty("communityId").GetString(), first = PageSize });
                errors.AddRange(answer.Errors);
                if (answer["recordsAwaitingVerification"] is { ValueKind: JsonValueKind.Object } page)
                {
                    queues.Add(new CommunityQueue(
                        community.GetProperty("name").GetString() ?? string.Empty,
                        ActivitiesOf(page.GetProperty("edges").EnumerateArray().Select(edge => RecordOf(edge.GetProperty("node")))),
                        page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean()));
                }
            }
        }

        Queues = queues;
        Errors = [.. Errors, .. errors];
    }

    private async Task VerifyAsync()
    {
        var answer = await Ledger.AskAsync(VerifyMutation, new { input = new { commandId = Verify?.CommandId, recordIds = Verify?.RecordIds ?? [] } });
        if (answer.Ok && answer["verifyServiceRecords"] is { ValueKind: JsonValueKind.Object } verified)
        {
            Navigation.NavigateTo("/staff?done=" + verified.GetProperty("recordIds").GetArrayLength().ToString(CultureInfo.InvariantCulture));
            return;
        }

        await ShowRefusalAsync(answer);
    }

    private async Task RejectAsync()
    {
        var answer = await Ledger.AskAsync(RejectMutation, new { input = new { commandId = Reject?.CommandId, recordId = Reject?.RecordId, reason = Reject?.Reason ?? string.Empty } });
        if (answer.Ok)
        {
            Navigation.NavigateTo("/staff?rejected=1");
            return;
        }

        await ShowRefusalAsync(answer);
    }

    /// <summary>The refusal, over the queue as it is now, with new command ids in every form: the refused one is spent.</summary>
    private async Task ShowRefusalAsync(LedgerAnswer answer)
    {
        Errors = answer.Errors.Count > 0 ? answer.Errors : [new LedgerError("INTERNAL", string.Empty)];
        await LoadAsync();
    }

    private static AwaitingRecord RecordOf(JsonElement node)
    {
        var volunteer = node.GetProperty("volunteer");
        var name = volunteer.ValueKind == JsonValueKind.Object && volunteer.GetProperty("person") is { ValueKind: JsonValueKind.Object } person
            ? person.GetProperty("name").GetString()
            : null;
        return new AwaitingRecord(
            node.GetProperty("recordId").GetString()!,
            node.GetProperty("projectId").GetString()!,
            node.GetProperty("projectName").GetString() ?? string.Empty,
            node.GetProperty("place").GetString() ?? string.Empty,
            node.GetProperty("startedAt").GetDateTimeOffset(),
            node.GetProperty("endedAt").GetDateTimeOffset(),
            node.GetProperty("minutesServed").GetInt32(),
            node.GetProperty("content").GetString() ?? string.Empty,
            volunteer.ValueKind == JsonValueKind.Object ? volunteer.GetProperty("volunteerNumber").GetString() : null,
            Masked(name));
    }

    /// <summary>An activity is a project's service on one day (China time): the volunteers who served in it are verified together.</summary>
    private static List<AwaitingActivity> ActivitiesOf(IEnumerable<AwaitingRecord> records) =>
    [
        .. records
            .GroupBy(r => (r.ProjectId, Day: DateOnly.FromDateTime(r.StartedAt.ToOffset(Words.ChinaTime).DateTime)))
            .Select(g => new AwaitingActivity(g.Key.ProjectId, g.Key.Day, g.First().ProjectName,
                [.. g.OrderBy(r => r.StartedAt).ThenBy(r => r.VolunteerNumber, StringComparer.Ordinal)], NewCommandId()))
            .OrderBy(a => a.Day).ThenBy(a => a.Records[0].StartedAt).ThenBy(a => a.ProjectName, StringComparer.Ordinal),
    ];


    /// <summary>The family name and a star for each other character (王**), as certificates show a name; null for an erased one.</summary>
    private static string? Masked(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var characters = new StringInfo(name);
        return characters.SubstringByTextElements(0, 1) + new string('*', characters.LengthInTextElements - 1);
    }

    public sealed record CommunityQueue(string Name, IReadOnlyList<AwaitingActivity> Activities, bool More);

    /// <param name="CommandId">The id the activity's "verify all" form sends: new with every rendering of the page.</param>
    public sealed record AwaitingActivity(string ProjectId, DateOnly Day, string ProjectName, IReadOnlyList<AwaitingRecord> Records, string CommandId)
    {
        /// <summary>Stable while the activity waits, so a form sent again finds its handler.</summary>
        public string FormName => $"{VerifyPrefix}{ProjectId}-{Day:yyyyMMdd}";

        public DateTimeOffset From => Records.Min(r => r.StartedAt);

        public DateTimeOffset To => Records.Max(r => r.EndedAt);

        public int Minutes => Records.Sum(r => r.Minutes);

        public IEnumerable<string> Places => Records.Select(r => r.Place).Where(p => p.Length > 0).Distinct();
    }

    public sealed record AwaitingRecord(
        string RecordId, string ProjectId, string ProjectName, string Place, DateTimeOffset StartedAt, DateTimeOffset EndedAt, int Minutes,
        string Content, string? VolunteerNumber, string? MaskedName)
    {
        public string RejectFormName => RejectPrefix + RecordId;

        /// <summary>The command id the record's reject form sends: new with every rendering of the page.</summary>
        public string RejectCommandId { get; } = NewCommandId();
    }

    public sealed class VerifyForm
    {
        public string? CommandId { get; set; }

        public List<string> RecordIds { get; set; } = [];
    }

    public sealed class RejectForm
    {
        public string? CommandId { get; set; }

        public string? RecordId { get; set; }

        public string? Reason { get; set; }
    }
}
