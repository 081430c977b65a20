using GraphQL;
using GraphQL.Execution;

namespace TimeBank.Api.GraphQL.Http;

/// <summary>
/// Serializes errors as <c>{ message, locations?, path?, extensions: { code, ... } }</c>: the code exactly as set
/// on the error (the endpoint normalises codes before writing), no inner-exception codes, no exception details
/// unless <see cref="GraphQLEndpointOptions.ExposeExceptionDetails"/> is set.
/// </summary>
public sealed class GraphQLHttpErrorInfoProvider : IErrorInfoProvider
{
    private readonly GraphQLEndpointOptions _options;

    public GraphQLHttpErrorInfoProvider(GraphQLEndpointOptions options)
    {
        _options = options;
    }

    public ErrorInfo GetInfo(ExecutionError executionError)
    {
        ArgumentNullException.ThrowIfNull(executionError);
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (executionError.Extensions is { } own)
        {
            foreach (var (key, value) in own)
            {
                extensions[key] = value;
            }
        }
        extensions["code"] = GraphQLErrorCodeMapper.CodeOf(executionError);
        if (executionError is InternalServerError internalError)
        {
            extensions["correlationId"] = internalError.CorrelationId;
            if (_options.ExposeExceptionDetails && internalError.Details is not null)
            {
                extensions["details"] = internalError.Details;
            }
        }
        return new ErrorInfo { Message = executionError.Message, Extensions = extensions };
    }
}
