using GraphQL;
using System.Text.RegularExpressions;
using GraphQL.Execution;
using GraphQL.Validation;

namespace TimeBank.GraphQL.Http;

/// <summary>
/// Serializes errors as <c>{ message, locations?, path?, extensions: { code, ... } }</c>: the code exactly as set
/// on the error (the endpoint normalises codes before writing), no inner-exception codes, no exception details
/// unless <see cref="GraphQLEndpointOptions.ExposeExceptionDetails"/> is set.
/// </summary>
public sealed partial class GraphQLHttpErrorInfoProvider : IErrorInfoProvider
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
        if (executionError is UnavailableError unavailable)
        {
            extensions["correlationId"] = unavailable.CorrelationId;
        }
        else if (executionError is InternalServerError internalError)
        {
            extensions["correlationId"] = internalError.CorrelationId;
            if (_options.ExposeExceptionDetails && internalError.Details is not null)
            {
                extensions["details"] = internalError.Details;
            }
        }
        return new ErrorInfo { Message = WithoutEchoedValue(executionError), Extensions = extensions };
    }

    /// <summary>
    /// A variable that does not fit its type is named, but its value is not repeated: it may be personal information
    /// (a national ID sent as a number), and error messages are never a place for that.
    /// </summary>
    private static string WithoutEchoedValue(ExecutionError error) => error is InvalidVariableError
        ? EchoedValue().Replace(error.Message, "Unable to convert the given value to '$1'")
        : error.Message;

    [GeneratedRegex("Unable to convert '.*' to '([^']*)'", RegexOptions.Singleline)]
    private static partial Regex EchoedValue();
}
