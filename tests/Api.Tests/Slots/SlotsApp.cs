using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Ledger;

namespace TimeBank.Api.Tests.Slots;

/// <summary>
/// The real host on a database of its own, with <see cref="ModelClock"/> as the service's clock, so that a test reaches a
/// slot's start, end and cut-off without waiting. Tokens are checked against the system's time, so tests keep the clock
/// within the tokens' hour.
/// </summary>
public sealed class SlotsApp : TimeBankApp
{
    public ModelClock Clock { get; } = new();

    protected override void ConfigureHost(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
}

/// <summary>A community with staff, a project and volunteers (LedgerScenario's), and the slots' GraphQL calls.</summary>
public sealed class SlotCity(SlotsApp app, LedgerScenario scenario)
{
    public const string SlotFields =
        "slotId communityId capacity signedUpCount waitingCount placesLeft cancelled checkInCode recordIds skillsWanted "
        + "mySignUp { status waitingPosition recordId checkedInAt checkedOutAt } signUps { volunteerId volunteerNumber maskedName status waitingPosition }";

    public LedgerScenario Scenario => scenario;

    public LedgerGraphQLClient Client => scenario.Client;

    public static async Task<SlotCity> CreateAsync(SlotsApp app) => new(app, await LedgerScenario.StartAsync(app));

    public static string VolunteerToken(Guid volunteerId) => TestTokens.For(volunteerId, "volunteer");

    public async Task<Guid> VolunteerAsync()
    {
        var id = Guid.CreateVersion7();
        await scenario.RegisterVolunteerAsync(id);
        return id;
    }

    public async Task<(Guid SlotId, string Code)> PublishAsync(TimeSpan startsIn, TimeSpan lasts, int capacity, DateTimeOffset? withdrawUntil = null)
    {
        var start = app.Clock.Now + startsIn;
        var answer = await Client.SendAsync(scenario.Staff, $$"""
            mutation($input: PublishSlotInput!) { publishSlot(input: $input) { slot { {{SlotFields}} } } }
            """, new
        {
            input = new
            {
                commandId = Guid.CreateVersion7(), projectId = scenario.ProjectId, startsAt = start, endsAt = start + lasts, capacity,
                skillsWanted = new[] { "Reading" }, withdrawUntil, personInCharge = "Zhang Min",
            },
        });
        var slot = answer.Ok("publishSlot.slot");
        return (slot.Value<Guid>("slotId"), slot.Value<string>("checkInCode"));
    }

    public Task<GraphQLAnswer> SendAsync(string mutation, string inputType, string token, object input) =>
        Client.SendAsync(token, $$"""
            mutation($input: {{inputType}}!) { {{mutation}}(input: $input) { replayed slot { {{SlotFields}} } } }
            """, new { input });

    public Task<GraphQLAnswer> SignUpAsync(Guid slotId, Guid volunteerId) =>
        SendAsync("signUpForSlot", "SlotInput", VolunteerToken(volunteerId), new { commandId = Guid.CreateVersion7(), slotId });

    public Task<GraphQLAnswer> WithdrawAsync(Guid slotId, Guid volunteerId) =>
        SendAsync("withdrawFromSlot", "SlotInput", VolunteerToken(volunteerId), new { commandId = Guid.CreateVersion7(), slotId });

    public Task<GraphQLAnswer> CheckInAsync(Guid slotId, Guid volunteerId, string? code) =>
        SendAsync("checkInToSlot", "AttendanceInput", VolunteerToken(volunteerId), new { commandId = Guid.CreateVersion7(), slotId, code });

    public Task<GraphQLAnswer> CheckOutAsync(Guid slotId, Guid volunteerId, string? code) =>
        SendAsync("checkOutOfSlot", "AttendanceInput", VolunteerToken(volunteerId), new { commandId = Guid.CreateVersion7(), slotId, code });

    public Task<GraphQLAnswer> SlotAsync(string token, Guid slotId) =>
        Client.SendAsync(token, $$"""query($id: ID!) { slot(slotId: $id) { {{SlotFields}} } }""", new { id = slotId });

    /// <summary>How many events the slot's stream holds: a refused command must leave it as it was.</summary>
    public async Task<long> VersionAsync(Guid streamId)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(streamId))?.Version ?? 0;
    }
}
