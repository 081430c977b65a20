using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace TimeBank.Api.Tests.Host;

/// <summary>
/// While a test records: every log line of the host at every level, with its category, message, structured values,
/// scopes and exception, and every activity (trace span) of any source with its tags and events, as text. For asserting
/// what is never logged.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
    private static readonly ActivitySource TestSource = new("TimeBank.Tests");
    private ActivityListener? _listener;
    private ActivityTraceId? _trace;
    private int _recording;

    public IReadOnlyCollection<string> Lines => _lines;

    public string Text => string.Join('\n', _lines);

    /// <summary>Starts recording from an empty capture; disposing stops it.</summary>
    public IDisposable Record() => Start(trace: null);

    /// <summary>
    /// Starts recording only what the caller's own work does from here on: a root activity becomes the current one, and
    /// only activities of its trace (and log lines written under it) are kept, so the work of tests running in parallel in
    /// the same process never reaches the capture. Disposing stops the recording and ends the root activity.
    /// </summary>
    public IDisposable RecordOwnTrace()
    {
        var recording = Start(trace: null);
        var root = TestSource.StartActivity("test") ?? throw new InvalidOperationException("The capture's listener did not sample the test's root activity.");
        _trace = root.TraceId;
        return new OwnTrace(recording, root);
    }

    private IDisposable Start(ActivityTraceId? trace)
    {
        _lines.Clear();
        _trace = trace;
        Interlocked.Exchange(ref _recording, 1);
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = RecordActivity,
        };
        ActivitySource.AddActivityListener(_listener);
        return new Recording(this);
    }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() => _listener?.Dispose();

    private bool IsRecording => Volatile.Read(ref _recording) == 1;

    private bool InTrace(Activity? activity) => _trace is not { } trace || activity?.TraceId == trace;

    private void RecordActivity(Activity activity)
    {
        if (!IsRecording || !InTrace(activity))
        {
            return;
        }

        var line = new StringBuilder($"activity {activity.Source.Name} {activity.OperationName} {activity.DisplayName} {activity.StatusDescription}");
        foreach (var (key, value) in activity.TagObjects)
        {
            line.Append($" {key}={value}");
        }

        foreach (var e in activity.Events)
        {
            line.Append($" event {e.Name}");
            foreach (var (key, value) in e.Tags)
            {
                line.Append($" {key}={value}");
            }
        }

        _lines.Enqueue(line.ToString());
    }

    private sealed class Recording(LogCapture capture) : IDisposable
    {
        public void Dispose()
        {
            Interlocked.Exchange(ref capture._recording, 0);
            capture._listener?.Dispose();
        }
    }

    private sealed class OwnTrace(IDisposable recording, Activity root) : IDisposable
    {
        public void Dispose()
        {
            recording.Dispose();
            root.Dispose();
        }
    }

    private sealed class CapturingLogger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => capture.IsRecording;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || !capture.InTrace(Activity.Current))
            {
                return;
            }

            // The message, its structured values, its scopes and the whole exception: all of it would reach a log sink.
            var line = new StringBuilder($"{logLevel} {category}: {formatter(state, exception)} [{eventId}]");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    line.Append($" {key}={value}");
                }
            }

            capture._scopes.ForEachScope((scope, text) => text.Append($" scope={scope}"), line);
            if (exception is not null)
            {
                line.Append(' ').Append(exception);
            }

            capture._lines.Enqueue(line.ToString());
        }
    }
}
