using TimeBank.Api.Infrastructure;

namespace TimeBank.Api.Tests.Ledger;

/// <summary>A rebuild's progress handed to <paramref name="report"/> as it is reported, on the rebuild's own thread (unlike <see cref="Progress{T}"/>).</summary>
internal sealed class RebuildReport(Action<RebuildProgress> report) : IProgress<RebuildProgress>
{
    public void Report(RebuildProgress value) => report(value);
}
