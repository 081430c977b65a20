using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;

namespace TimeBank.GraphQL.Http;

/// <summary>Maps the errors GraphQL.NET produces onto the endpoint's <c>extensions.code</c> values.</summary>
internal static class GraphQLErrorCodeMapper
{
    public static string CodeOf(ExecutionError error) => error switch
    {
        GraphQLRequestError or QueryTooDeepError or QueryTooComplexError or HttpMethodNotAllowedError or OperationNotSupportedError or InternalServerError
            => error.Code ?? GraphQLErrorCodes.BadRequest,
        SyntaxError => GraphQLErrorCodes.ParseFailed,
        QueryMissingError => GraphQLErrorCodes.BadRequest,
        ValidationError => GraphQLErrorCodes.ValidationFailed,
        // operation not found, no operation, several operations without operationName...
        DocumentError => GraphQLErrorCodes.ValidationFailed,
        UnhandledError => GraphQLErrorCodes.Internal,
        // an ExecutionError thrown by a resolver: its code, exactly as set
        _ => string.IsNullOrEmpty(error.Code) ? GraphQLErrorCodes.ExecutionFailed : error.Code,
    };
}
