namespace TimeBank.Api.Infrastructure;

public static class HostStarted
{
    /// <summary>
    /// Completes once the host has started (Wolverine takes messages only then); cancelled if the host stops first.
    /// </summary>
    public static async Task WhenStartedAsync(this IHostApplicationLifetime lifetime, CancellationToken cancellation)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await using var onStopping = cancellation.Register(() => started.TrySetCanceled(cancellation));
        await started.Task;
    }
}
