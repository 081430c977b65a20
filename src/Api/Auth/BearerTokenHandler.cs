using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace TimeBank.Api.Auth;

/// <summary>
/// ASP.NET Core's JWT bearer handler, whose own log lines below Warning leave out the exception: a refused token (forged,
/// expired, malformed) is the client's mistake, logged by the handler at Information with the whole exception and its
/// stack trace. The line stays, with its reason; the stack trace is no help to anyone. Its warnings and errors (a
/// failure of the service itself) keep their exceptions.
/// </summary>
internal sealed class BearerTokenHandler(IOptionsMonitor<JwtBearerOptions> options, ILoggerFactory logging, UrlEncoder encoder)
    : JwtBearerHandler(options, new WithoutClientStackTraces(logging), encoder)
{
    private sealed class WithoutClientStackTraces(ILoggerFactory inner) : ILoggerFactory
    {
        // The handler's lines keep JwtBearerHandler's category, which log filters and readers know.
        public ILogger CreateLogger(string categoryName) => new WithoutStackTrace(inner.CreateLogger(
            categoryName == typeof(BearerTokenHandler).FullName ? typeof(JwtBearerHandler).FullName! : categoryName));

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose()
        {
            // The application's logger factory is not ours to dispose.
        }
    }

    private sealed class WithoutStackTrace(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, logLevel < LogLevel.Warning ? null : exception, formatter);
    }
}
