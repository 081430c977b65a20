using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace TimeBank.Api.Tests.Host;

/// <summary>
/// Every log line of a host at every level, with its category, message, structured values, scopes and exception, and
/// every activity (trace span) of any source with its tags and events, as text.
/// </summary>
public sealed class CapturedTelemetry : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ActivityListener _listener;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public CapturedTelemetry()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyCollection<string> Lines => _lines;

    public string Text => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() => _listener.Dispose();

    private void Record(Activity activity)
    {
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

    private sealed class CapturingLogger(CapturedTelemetry capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder($"{logLevel} {category} [{eventId}] {formatter(state, exception)}");
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
