using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TimeBank.Api.Tests.Host;

/// <summary>Every log line of the host, at every level, while a test records: for asserting what is never logged.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private int _recording;

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Starts recording from an empty capture; disposing stops it.</summary>
    public IDisposable Record()
    {
        _lines.Clear();
        Interlocked.Exchange(ref _recording, 1);
        return new Recording(this);
    }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recording(LogCapture capture) : IDisposable
    {
        public void Dispose() => Interlocked.Exchange(ref capture._recording, 0);
    }

    private sealed class CapturingLogger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => Volatile.Read(ref capture._recording) == 1;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            // The message, its structured values and the whole exception: all of it would reach a log sink.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            capture._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {values} {exception}");
        }
    }
}
