namespace TimeBank.GraphQL.Http;

/// <summary>Values of <c>extensions.code</c> produced by the endpoint itself.</summary>
public static class GraphQLErrorCodes
{
    public const string ParseFailed = "GRAPHQL_PARSE_FAILED";
    public const string ValidationFailed = "GRAPHQL_VALIDATION_FAILED";
    public const string BadRequest = "BAD_REQUEST";
    public const string DocumentTooLarge = "DOCUMENT_TOO_LARGE";
    public const string QueryTooDeep = "QUERY_TOO_DEEP";
    public const string QueryTooComplex = "QUERY_TOO_COMPLEX";
    public const string OperationNotSupported = "OPERATION_NOT_SUPPORTED";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string Internal = "INTERNAL";

    /// <summary>The ledger's database could not be reached: the same request may be sent again shortly.</summary>
    public const string Unavailable = "UNAVAILABLE";

    /// <summary>Code given to an <see cref="global::GraphQL.ExecutionError"/> raised without one.</summary>
    public const string ExecutionFailed = "EXECUTION_FAILED";
}
