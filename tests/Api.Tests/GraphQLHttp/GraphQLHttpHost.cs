using System.Collections.Concurrent;
using GraphQL;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TimeBank.GraphQL.Http;

namespace TimeBank.Api.Tests.GraphQLHttp;

/// <summary>One in-memory host serving <see cref="TestSchema"/> at /graphql, shared by the endpoint tests.</summary>
public sealed class GraphQLHttpHost : IAsyncLifetime
{
    public const int MaxDepth = 5;
    public const int MaxComplexity = 60;
    public const int MaxDocumentLength = 2_000;
    public const int MaxRequestBodyBytes = 8_000;

    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public CapturingLoggerProvider Logs { get; } = new();

    public async Task InitializeAsync()
    {
        _app = await StartAsync(Logs, options =>
        {
            options.MaxDepth = MaxDepth;
            options.MaxComplexity = MaxComplexity;
            options.MaxDocumentLength = MaxDocumentLength;
            options.MaxRequestBodyBytes = MaxRequestBodyBytes;
        });
        Client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>Starts an in-memory host serving <see cref="TestSchema"/> at /graphql, the way a real host registers it.</summary>
    public static Task<WebApplication> StartAsync(ILoggerProvider? logs = null, Action<GraphQLEndpointOptions>? configure = null)
        => StartAsync<TestSchema>(logs, configure);

    /// <summary>Starts an in-memory host serving <typeparamref name="TSchema"/> at /graphql.</summary>
    public static async Task<WebApplication> StartAsync<TSchema>(ILoggerProvider? logs = null, Action<GraphQLEndpointOptions>? configure = null)
        where TSchema : global::GraphQL.Types.Schema
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddGraphQL(b => b
            .AddSchema<TSchema>()
            .AddGraphTypes(typeof(TestSchema).Assembly)
            .AddSystemTextJson()
            .AddHttpEndpoint(configure));
        var app = builder.Build();
        app.MapGraphQLEndpoint();
        await app.StartAsync();
        return app;
    }
}

public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Entries.Enqueue((logLevel, formatter(state, exception), exception));
            }
        }
    }
}
