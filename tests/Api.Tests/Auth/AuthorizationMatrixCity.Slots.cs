using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Commands;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Ledger;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Slots;

namespace TimeBank.Api.Tests.Auth;

/// <summary>
/// The slots of the matrix city (ADR 0043): for every caller of every operation on a slot, a slot of community A of its
/// own in the state the operation needs. A check-out needs a minute served and a no-show a slot that has ended, so the
/// service's clock (<see cref="ShiftedClock"/>) is moved three hours on once the early slots are checked into; the
/// tokens are still checked against the system's time.
/// </summary>
public sealed partial class AuthorizationMatrixCity
{
    public static readonly string[] SlotOperations =
        ["signUpForSlot", "withdrawFromSlot", "checkInToSlot", "checkOutOfSlot", "recordNoShow", "cancelSlot", "verifySlotRecords"];

    private readonly Dictionary<(string Operation, string Caller), Guid> _slotsOf = [];
    private readonly Dictionary<Guid, (string Code, Guid Volunteer)> _slotDetails = [];

    /// <summary>A slot of A that every caller only reads.</summary>
    public Guid ReadSlot { get; private set; }

    public Guid SlotFor(string operation, string caller) => _slotsOf[(operation, caller)];

    /// <summary>The slot's check-in code and the volunteer the operation acts on (V1, or one of the slot's own).</summary>
    public (string Code, Guid Volunteer) SlotDetailsOf(Guid slotId) =>
        _slotDetails.TryGetValue(slotId, out var details) ? details : ("AAAAAAAA", V1);

    private async Task SlotsAsync()
    {
        var clock = (ShiftedClock)App.Services.GetRequiredService<TimeProvider>();
        // Early slots, checked into now and out of (or not) three hours on.
        foreach (var caller in Callers)
        {
            var checkingOut = caller == VolunteerSelf ? V1 : await A.RegisterVolunteerAsync();
            _slotsOf[("checkOutOfSlot", caller)] = await SlotAsync(clock, TimeSpan.FromMinutes(30), checkingOut, checkIn: true);
            _slotsOf[("recordNoShow", caller)] = await SlotAsync(clock, TimeSpan.FromMinutes(30), await A.RegisterVolunteerAsync(), checkIn: false);
            _slotsOf[("verifySlotRecords", caller)] = await SlotAsync(clock, TimeSpan.FromMinutes(30), await A.RegisterVolunteerAsync(), checkIn: true);
        }

        clock.Shift(TimeSpan.FromHours(3));
        foreach (var caller in Callers)
        {
            var slot = _slotsOf[("verifySlotRecords", caller)];
            TestCity.Accept(await App.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new CheckOutOfSlot(slot, _slotDetails[slot].Volunteer, null, A.Staff))));
            _slotsOf[("signUpForSlot", caller)] = await SlotAsync(clock, TimeSpan.FromDays(1), null, checkIn: false);
            _slotsOf[("withdrawFromSlot", caller)] = await SlotAsync(clock, TimeSpan.FromDays(1), V1, checkIn: false);
            _slotsOf[("cancelSlot", caller)] = await SlotAsync(clock, TimeSpan.FromDays(1), V1, checkIn: false);
            _slotsOf[("checkInToSlot", caller)] = await SlotAsync(clock, TimeSpan.FromMinutes(30), V1, checkIn: false);
        }

        ReadSlot = await SlotAsync(clock, TimeSpan.FromDays(1), V1, checkIn: false);
        TestCity.Accept(await App.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new DeclareSkill(V1, "急救", Actor.Volunteer(V1)))));
    }

    /// <summary>A slot of A's project starting <paramref name="startsIn"/> from the service's now, two hours long, with <paramref name="volunteer"/> signed up.</summary>
    private async Task<Guid> SlotAsync(ShiftedClock clock, TimeSpan startsIn, Guid? volunteer, bool checkIn)
    {
        var slotId = Guid.CreateVersion7();
        var start = clock.GetUtcNow() + startsIn;
        TestCity.Accept(await App.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new PublishSlot(
            slotId, A.ProjectId, start, start.AddMinutes(60), null, 3, ["读报"], start, "张主任", A.Staff))));
        if (volunteer is { } v)
        {
            TestCity.Accept(await App.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new SignUpForSlot(slotId, Actor.Volunteer(v)))));
            if (checkIn)
            {
                TestCity.Accept(await App.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new CheckInToSlot(slotId, v, null, A.Staff))));
            }
        }

        var slot = (await App.LoadAsync<Slot>(slotId))!;
        _slotDetails[slotId] = (slot.CheckInCode, volunteer ?? V1);
        return slotId;
    }

    /// <summary>The host of the matrix: the service's clock is the system's, shifted on by the city's set-up.</summary>
    private sealed class MatrixApp : TimeBankApp
    {
        protected override void ConfigureHost(IWebHostBuilder builder) =>
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new ShiftedClock()));
    }
}

/// <summary>The system's time plus a shift that only grows.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _shiftTicks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _shiftTicks));

    public void Shift(TimeSpan by) => Interlocked.Add(ref _shiftTicks, by.Ticks);
}
