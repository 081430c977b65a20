using System.Text.Encodings.Web;
using System.Text.Json;
using Marten;
using Marten.Events;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using static TimeBank.Api.Tests.PersonalData.PersonalDataErasureTests;

namespace TimeBank.Api.Tests.PersonalData;

/// <summary>The real host with every log category at Trace (Marten logs each command with its parameters) and every trace source captured.</summary>
public sealed class PersonalDataLogTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task No_name_phone_or_national_id_reaches_a_log_line_a_trace_or_an_error_message()
    {
        using var recording = app.Logs.Record();
        var scenario = await LedgerScenario.StartAsync(app);
        var person = Person.Fresh();
        var mistyped = person.NationalId[..17] + (person.NationalId[17] == '0' ? '1' : '0');
        var answers = new List<GraphQLAnswer>();

        // Register, serve, verify, credit, read.
        var volunteerId = await RegisterAsync(scenario, person);
        var recordId = Guid.CreateVersion7();
        answers.Add(await scenario.SubmitAsync(recordId, LedgerScenario.PastSlot(), 60, volunteerId));
        answers.Add(await scenario.VerifyAsync(scenario.Staff, recordId));
        await scenario.WaitForServiceMinutesAsync(60, volunteerId);
        var read = await PersonAsync(scenario, scenario.Staff, volunteerId);
        Assert.Equal(person.Name, read.Ok("account.person").Value<string>("name"));

        // Refused: a mistyped ID, a phone that is no phone, an ID where the schema wants a string, another person's account.
        var refused = await RegisterAnswerAsync(scenario, person with { NationalId = mistyped }, Guid.CreateVersion7(), Guid.CreateVersion7());
        Assert.Equal("INVALID_NATIONAL_ID", refused.Code());
        answers.Add(refused);
        var badPhone = await RegisterAnswerAsync(scenario, person with { Phone = person.Phone + "x" }, Guid.CreateVersion7(), Guid.CreateVersion7());
        Assert.Equal("INVALID_PHONE", badPhone.Code());
        answers.Add(badPhone);
        answers.Add(await scenario.Client.SendAsync(scenario.Staff, """
            mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) { account { volunteerId } } }
            """, new
        {
            input = new
            {
                commandId = Guid.CreateVersion7(), volunteerId = Guid.CreateVersion7(), homeCommunityId = scenario.CommunityId, volunteerNumber = "V-X",
                displayName = person.Name, nationalIdType = "RESIDENT_ID_CARD", nationalId = long.Parse(person.NationalId[..17], System.Globalization.CultureInfo.InvariantCulture),
            },
        }));
        Assert.Contains("Variable '$input.nationalId' is invalid", Assert.Single(answers[^1].Errors)!.Value<string>("message"), StringComparison.Ordinal);
        answers.Add(await PersonAsync(scenario, Volunteer(Guid.CreateVersion7()), volunteerId));
        Assert.Equal("NOT_FOUND", answers[^1].Code());

        // Erase, read again.
        (await EraseAsync(scenario, scenario.Staff, volunteerId, Guid.CreateVersion7())).Ok("erasePersonalData.account.person");
        answers.Add(await PersonAsync(scenario, scenario.Staff, volunteerId));
        await app.Store.CaughtUpAsync();

        var text = app.Logs.Text;
        // The capture is the whole story at every level: the service's own lines, Wolverine's, Marten's and Npgsql's
        // commands with their parameters, ASP.NET Core's requests, and traces.
        Assert.Contains("RegisterVolunteer", text, StringComparison.Ordinal);
        Assert.Contains("ErasePersonalData", text, StringComparison.Ordinal);
        Assert.Contains("Microsoft.AspNetCore", text, StringComparison.Ordinal);
        Assert.Contains("Marten.IDocumentStore", text, StringComparison.Ordinal);
        Assert.Contains("Wolverine", text, StringComparison.Ordinal);
        Assert.Contains("activity Npgsql", text, StringComparison.Ordinal);
        Assert.Contains("mt_doc_personal_data_key", text, StringComparison.Ordinal);
        Assert.Contains(volunteerId.ToString(), text, StringComparison.Ordinal);
        Assert.Contains("activity ", text, StringComparison.Ordinal);
        Assert.Contains(app.Logs.Lines, line => line.StartsWith("Trace ", StringComparison.Ordinal));
        Assert.Contains(app.Logs.Lines, line => line.StartsWith("Debug ", StringComparison.Ordinal));

        // Each value as it is, and as JSON writes it by default (a Chinese name as \uXXXX escapes).
        string[] plain = [person.Name, person.Phone, person.NationalId, mistyped, person.NationalId[..17]];
        var values = plain.Concat(plain.Select(v => JsonEncodedText.Encode(v).ToString())).Distinct().ToList();
        var errors = answers.SelectMany(a => a.Errors).Select(e => e!.ToJsonString(Relaxed)).ToList();
        Assert.NotEmpty(errors);
        foreach (var value in values)
        {
            Assert.DoesNotContain(value, text, StringComparison.OrdinalIgnoreCase);
            Assert.All(errors, error => Assert.DoesNotContain(value, error, StringComparison.OrdinalIgnoreCase));
        }
    }
}
