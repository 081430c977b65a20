using GraphQL;
using GraphQL.Types;

namespace TimeBank.Api.GraphQL;

/// <summary>
/// Builds the GraphQL schema (the <see cref="ISchema"/> the endpoint serves) and runs one <c>{ __typename }</c> through the
/// executer and the serializer in the background while the rest of the host starts (the store's schema check, Wolverine,
/// the projection daemon), instead of on the first request: the schema build and the first execution were ~0.25 s between
/// "ready" and the first answered GraphQL request. Nothing is served earlier: Kestrel still listens only after every hosted
/// service has started, and a request that arrives before the warm-up is done waits for the schema as it would have
/// without it. (docs/adr/0017-cold-start-and-memory.md)
/// </summary>
internal sealed partial class GraphQLWarmUp(IServiceProvider services, ILogger<GraphQLWarmUp> logger) : IHostedService
{
    private Task _warmUp = Task.CompletedTask;

    /// <summary>Completes when the warm-up has run (or failed, which it logs).</summary>
    internal Task Completion => _warmUp;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _warmUp = Task.Run(() => WarmUpAsync(cancellationToken), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await _warmUp.WaitAsync(cancellationToken).ConfigureAwait(false);

    private async Task WarmUpAsync(CancellationToken cancellation)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            var schema = scope.ServiceProvider.GetRequiredService<ISchema>();
            schema.Initialize();
            var result = await scope.ServiceProvider.GetRequiredService<IDocumentExecuter<ISchema>>().ExecuteAsync(new ExecutionOptions
            {
                Query = "{ __typename }",
                RequestServices = scope.ServiceProvider,
                CancellationToken = cancellation,
            }).ConfigureAwait(false);
            using var sink = new MemoryStream();
            await scope.ServiceProvider.GetRequiredService<IGraphQLTextSerializer>().WriteAsync(sink, result, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Only a warm-up: the first request builds whatever is missing, and reports what is wrong.
            LogWarmUpFailed(logger, e);
        }
        catch (OperationCanceledException)
        {
            // The host stopped while starting.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The GraphQL warm-up failed; the first request builds the schema instead")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception);
}
