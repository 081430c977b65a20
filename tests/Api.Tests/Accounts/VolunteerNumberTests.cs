using TimeBank.Api.PersonalData;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Tests.Accounts;

/// <summary>A volunteer number names one volunteer in the city: a second registration with it is refused, also when racing.</summary>
[Collection(LedgerCollection.Name)]
public sealed class VolunteerNumberTests(TimeBankApp app)
{
    private const string Register = """
        mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) { replayed account { volunteerId volunteerNumber } } }
        """;

    [Fact]
    public async Task A_number_in_use_in_another_community_is_refused_with_its_code_and_nothing_is_written()
    {
        var first = await LedgerScenario.StartAsync(app);
        var second = await LedgerScenario.StartAsync(app);
        var number = FreshNumber();
        var holder = Guid.CreateVersion7();
        (await RegisterAsync(first, holder, number)).Ok("registerVolunteer.account.volunteerId");

        var latecomer = Guid.CreateVersion7();
        // Spaces around the number are not part of it.
        var refused = await RegisterAsync(second, latecomer, $"  {number} ");

        Assert.Equal(VolunteerNumberTaken, refused.Code());
        Assert.Equal(
            $"Volunteer number {number} is already another volunteer's; volunteer numbers are unique in the city, so choose another.",
            refused.Errors[0]!["message"]!.GetValue<string>());
        Assert.Null(await app.LoadAsync<VolunteerAccount>(latecomer));
        Assert.Null(await app.LoadAsync<VolunteerProfile>(latecomer));
        Assert.Null(await app.LoadAsync<PersonalDataKey>(latecomer));

        // Another number registers the same person.
        (await RegisterAsync(second, latecomer, FreshNumber())).Ok("registerVolunteer.account.volunteerId");
    }

    [Fact]
    public async Task A_number_stays_taken_after_its_volunteers_personal_data_is_erased()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var number = FreshNumber();
        var holder = Guid.CreateVersion7();
        (await RegisterAsync(scenario, holder, number)).Ok("registerVolunteer.account.volunteerId");
        (await scenario.Client.SendAsync(scenario.Staff, """
            mutation($input: ErasePersonalDataInput!) { erasePersonalData(input: $input) { account { person { erased } } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), volunteerId = holder } })).Ok("erasePersonalData.account.person");

        Assert.Equal(VolunteerNumberTaken, (await RegisterAsync(scenario, Guid.CreateVersion7(), number)).Code());
    }

    [Fact]
    public async Task Of_many_registrations_racing_for_one_number_exactly_one_succeeds_and_the_others_are_refused_with_the_code()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var number = FreshNumber();
        var volunteers = Enumerable.Range(0, 16).Select(_ => Guid.CreateVersion7()).ToList();
        using var start = new SemaphoreSlim(0);
        var racing = volunteers.Select(volunteer => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await RegisterAsync(scenario, volunteer, number);
        })).ToList();
        start.Release(volunteers.Count);
        var answers = await Task.WhenAll(racing);

        var accepted = answers.Where(a => a.Errors.Count == 0).ToList();
        var winner = Assert.Single(accepted).Ok("registerVolunteer.account.volunteerId").GetValue<string>();
        Assert.All(answers.Where(a => a.Errors.Count > 0), refused => Assert.Equal(VolunteerNumberTaken, refused.Code()));
        foreach (var volunteer in volunteers)
        {
            var registered = volunteer.ToString() == winner;
            Assert.Equal(registered, await app.LoadAsync<VolunteerAccount>(volunteer) is not null);
            Assert.Equal(registered, await app.LoadAsync<VolunteerProfile>(volunteer) is not null);
        }
    }

    private const string VolunteerNumberTaken = "VOLUNTEER_NUMBER_TAKEN";

    private static string FreshNumber() => "QD" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    private static Task<GraphQLAnswer> RegisterAsync(LedgerScenario scenario, Guid volunteerId, string number) =>
        scenario.Client.SendAsync(scenario.Staff, Register, new
        {
            input = new { commandId = Guid.CreateVersion7(), volunteerId, homeCommunityId = scenario.CommunityId, volunteerNumber = number, displayName = "编号测试" },
        });
}
