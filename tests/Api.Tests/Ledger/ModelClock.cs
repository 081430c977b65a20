using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Accounts;
using TimeBank.Api.Tests.Host;

namespace TimeBank.Api.Tests.Ledger;

/// <summary>
/// The service's clock, moved only by the test: the service and the model decide at the same instant, so hold and code
/// lifetimes can be crossed on purpose without waiting and without a race at the boundary. Timers still run on the
/// system clock (only <see cref="GetUtcNow"/> is overridden), so nothing that waits in the host stops.
/// </summary>
public sealed class ModelClock : TimeProvider
{
    private long _utcTicks = Whole(DateTimeOffset.UtcNow).UtcTicks;

    public DateTimeOffset Now => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);

    /// <summary>Never back: to the system's time if that is later (a new history starts near real time).</summary>
    public void CatchUpWithSystem()
    {
        var system = Whole(DateTimeOffset.UtcNow).UtcTicks;
        if (system > Interlocked.Read(ref _utcTicks))
        {
            Interlocked.Exchange(ref _utcTicks, system);
        }
    }

    private static DateTimeOffset Whole(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}

/// <summary>
/// The real host on a database of its own, with <see cref="ModelClock"/> as its clock and a district whose low star
/// thresholds and time-credit cap short histories reach.
/// </summary>
public sealed class ModelApp : TimeBankApp
{
    public const string District = "模型区";

    public ModelClock Clock { get; } = new();

    protected override void ConfigureHost(IWebHostBuilder builder)
    {
        string[] stars = ["1", "2", "4", "6", "8"];
        for (var i = 0; i < stars.Length; i++)
        {
            builder.UseSetting($"Policies:Districts:{District}:StarThresholdHours:{i}", stars[i]);
        }

        builder.UseSetting($"Policies:Districts:{District}:TimeCreditCapHours", "4");

        // Points expire a month after earning, so that a history reaches expiry with the clock a month ahead, not two years.
        builder.UseSetting($"Policies:Districts:{District}:PointsExpiryMonths", "1");
        // The test is the points-expiry job (it sends ExpirePoints itself, to the model and the service at the same
        // instant). The host's hourly job would read the model clock a month ahead and expire an account the model was
        // not told about.
        builder.UseSetting(PointsExpirySchedule.SettingName, PointsExpirySchedule.Off);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);

            // The test waits for the async daemon after every step: let it look for new events often, not every second.
            services.ConfigureMarten(options =>
            {
                options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(20);
                options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(20);
            });
        });
    }
}
