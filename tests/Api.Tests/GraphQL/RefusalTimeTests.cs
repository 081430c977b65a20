using System.Globalization;
using TimeBank.Api.Tests.Host;

namespace TimeBank.Api.Tests.GraphQL;

/// <summary>The times a refusal names are shown in the offset the caller wrote its own in, never in bare UTC.</summary>
[Collection(LedgerCollection.Name)]
public sealed class RefusalTimeTests(TimeBankApp app)
{
    [Theory]
    [InlineData("+08:00")]
    [InlineData("-05:00")]
    [InlineData("+05:45")]
    [InlineData("Z")]
    public async Task An_overlapping_record_is_refused_with_the_other_records_times_in_the_callers_offset(string offset)
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var start = LedgerScenario.PastSlot();
        var recordId = Guid.CreateVersion7();
        (await scenario.SubmitAsync(recordId, start, 90)).Ok("submitServiceRecord.record.id");

        // The same service again, half an hour later, written in the caller's offset.
        var refused = await SubmitAsync(scenario, Written(start.AddMinutes(30), offset), Written(start.AddMinutes(120), offset), 90);

        Assert.Equal("RECORD_OVERLAPS", refused.Code());
        var shownOffset = offset == "Z" ? "+00:00" : offset;
        Assert.Equal(
            $"The volunteer already has record {recordId} from {Shown(start, shownOffset)} to {Shown(start.AddMinutes(90), shownOffset)}, which overlaps this one.",
            refused.Errors[0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_record_in_the_future_names_its_end_in_the_callers_offset()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var end = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(3);

        var refused = await SubmitAsync(scenario, Written(end.AddHours(-1), "-03:00"), Written(end, "-03:00"), 60);

        Assert.Equal("RECORD_IN_FUTURE", refused.Code());
        Assert.Equal($"The service ends in the future ({Shown(end, "-03:00")}); record it after it is done.", refused.Errors[0]!["message"]!.GetValue<string>());
        Assert.DoesNotContain("Z)", refused.Body, StringComparison.Ordinal);
    }

    /// <summary>The instant as a client in <paramref name="offset"/> writes it: "2026-06-01T08:00:00-05:00".</summary>
    private static string Written(DateTimeOffset instant, string offset) =>
        offset == "Z"
            ? instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : instant.ToOffset(TimeSpan.Parse(offset.TrimStart('+'), CultureInfo.InvariantCulture)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>The instant as a refusal shows it in <paramref name="offset"/>: "2026-06-01 08:00:00 -05:00".</summary>
    internal static string Shown(DateTimeOffset instant, string offset) =>
        instant.ToOffset(TimeSpan.Parse(offset.TrimStart('+'), CultureInfo.InvariantCulture)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + offset;

    private static Task<GraphQLAnswer> SubmitAsync(LedgerScenario scenario, string startedAt, string endedAt, int minutes) =>
        scenario.Client.SendAsync(scenario.Staff, """
            mutation($input: SubmitServiceRecordInput!) { submitServiceRecord(input: $input) { record { id } } }
            """, new
        {
            input = new
            {
                commandId = Guid.CreateVersion7(),
                volunteerId = scenario.VolunteerId,
                projectId = scenario.ProjectId,
                startedAt,
                endedAt,
                minutesServed = minutes,
                content = "Read the newspaper aloud",
                personInCharge = "Zhang Min",
            },
        });
}
