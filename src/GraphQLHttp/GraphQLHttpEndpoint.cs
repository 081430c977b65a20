using System.Text.Json;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.Exceptions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace TimeBank.GraphQL.Http;

/// <summary>
/// GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/) for the schema <typeparamref name="TSchema"/>:
/// GET and POST, response media type negotiation, spec status codes, size/depth/complexity limits, error codes.
/// </summary>
internal sealed partial class GraphQLHttpEndpoint<TSchema>
    where TSchema : ISchema
{

    private readonly GraphQLEndpointOptions _options;
    private readonly ILogger _logger;
    private readonly IValidationRule _limitsRule;
    private readonly ValidatedDocumentCache _documents = new();

    public GraphQLHttpEndpoint(GraphQLEndpointOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _limitsRule = new GraphQLLimitsValidationRule(options.MaxDepth, options.MaxComplexity);
    }

    public async Task HandleAsync(HttpContext http)
    {
        var isGet = HttpMethods.IsGet(http.Request.Method);
        if (!isGet && !HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET, POST";
            await WriteRequestErrorAsync(http, GraphQLMediaTypes.Negotiate(http.Request.Headers.Accept) ?? GraphQLMediaTypes.Json,
                StatusCodes.Status405MethodNotAllowed, $"HTTP method {http.Request.Method} is not allowed; use GET or POST.",
                GraphQLErrorCodes.MethodNotAllowed).ConfigureAwait(false);
            return;
        }

        var mediaType = GraphQLMediaTypes.Negotiate(http.Request.Headers.Accept);
        if (mediaType is null)
        {
            http.Response.StatusCode = StatusCodes.Status406NotAcceptable;
            return;
        }

        var serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        var parsed = isGet
            ? ParseGet(http.Request.Query, serializer)
            : await ParsePostAsync(http, serializer).ConfigureAwait(false);
        if (parsed.Error is { } error)
        {
            await WriteRequestErrorAsync(http, mediaType, error.Status, error.Message, error.Code).ConfigureAwait(false);
            return;
        }

        var request = parsed.Request!;
        if (request.Query.Length > _options.MaxDocumentLength)
        {
            await WriteRequestErrorAsync(http, mediaType, StatusCodes.Status400BadRequest,
                $"The GraphQL document is {request.Query.Length} characters long; the maximum allowed is {_options.MaxDocumentLength}.",
                GraphQLErrorCodes.DocumentTooLarge).ConfigureAwait(false);
            return;
        }

        var correlationId = InternalServerError.CorrelationIdOf(http);
        var result = await ExecuteAsync(http, request, isGet, correlationId).ConfigureAwait(false);
        await NormalizeErrorsAsync(http, result, correlationId).ConfigureAwait(false);
        // GraphQL.NET reports some request errors (e.g. "Schema is not configured for mutations") as executed with
        // null data; they are request errors: no "data", 4xx.
        if (result.Executed && result.Data is null && result.Errors is { Count: > 0 } errors && errors.All(e => e is DocumentError))
        {
            result.Executed = false;
        }

        int status;
        if (isGet && result.Errors?.Any(e => e is HttpMethodNotAllowedError) == true)
        {
            http.Response.Headers.Allow = "POST";
            status = StatusCodes.Status405MethodNotAllowed;
        }
        else
        {
            // application/graphql-response+json: a request error (nothing executed, no "data") is 4xx;
            // application/json (legacy): 200 for every well-formed GraphQL-over-HTTP request.
            status = mediaType == GraphQLMediaTypes.GraphQLResponseJson && !result.Executed
                ? StatusCodes.Status400BadRequest
                : StatusCodes.Status200OK;
        }
        await WriteResultAsync(http, mediaType, status, result, serializer).ConfigureAwait(false);
    }

    /// <summary>
    /// Executes <paramref name="query"/> for the caller of <paramref name="http"/> exactly as a POST to the endpoint would
    /// (same rules, limits, error codes and user context), without the HTTP round trip: the web pages' way in.
    /// </summary>
    internal async Task<ExecutionResult> ExecuteInProcessAsync(HttpContext http, string query, Inputs? variables)
    {
        if (query.Length > _options.MaxDocumentLength)
        {
            return new ExecutionResult
            {
                Executed = false,
                Errors = [new GraphQLRequestError($"The GraphQL document is {query.Length} characters long; the maximum allowed is {_options.MaxDocumentLength}.", GraphQLErrorCodes.DocumentTooLarge)],
            };
        }

        var correlationId = InternalServerError.CorrelationIdOf(http);
        var result = await ExecuteAsync(http, new GraphQLHttpRequest(query, null, variables, null), isGet: false, correlationId).ConfigureAwait(false);
        await NormalizeErrorsAsync(http, result, correlationId).ConfigureAwait(false);
        return result;
    }

    private async Task<ExecutionResult> ExecuteAsync(HttpContext http, GraphQLHttpRequest request, bool isGet, string correlationId)
    {
        var executer = http.RequestServices.GetRequiredService<IDocumentExecuter<TSchema>>();
        // A document seen before already passed the rules that depend on the document alone; the rules that depend on
        // the request (limits: list sizes may come from variables; GET: queries only) run every time, as does the
        // parsing of the variables.
        var cached = _documents.Find(request.Query, request.OperationName);
        IEnumerable<IValidationRule> rules = cached is null
            ? DocumentValidator.CoreRules.Append(NoSubscriptionValidationRule.Instance).Append(_limitsRule)
            : [_limitsRule];
        if (isGet)
        {
            rules = rules.Append(HttpGetQueryOnlyValidationRule.Instance);
        }

        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = cached is null ? request.Query : null,
            Document = cached,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            User = http.User,
            RequestServices = http.RequestServices,
            UserContext = new GraphQLUserContext(http),
            CancellationToken = http.RequestAborted,
            ValidationRules = rules,
            UnhandledExceptionDelegate = context =>
            {
                if (context.OriginalException is GraphQLMaxDepthExceededException)
                {
                    return Task.CompletedTask; // a bad request, answered by NormalizeErrors; nothing went wrong here
                }

                LogUnhandledException(_logger, context.OriginalException, correlationId,
                    context.FieldContext?.Path is { } path ? string.Join('.', path) : null);
                context.ErrorMessage = InternalServerError.MessageFor(correlationId);
                return Task.CompletedTask;
            },
        }).ConfigureAwait(false);
        if (cached is null && result.Executed && result.Document is { } document)
        {
            _documents.Remember(request.Query, request.OperationName, document);
        }

        return result;
    }

    /// <summary>Gives every error its endpoint code; replaces unexpected exceptions by an <see cref="InternalServerError"/>.</summary>
    private async Task NormalizeErrorsAsync(HttpContext http, ExecutionResult result, string correlationId)
    {
        if (result.Errors is not { Count: > 0 } errors)
        {
            return;
        }

        var normalized = new ExecutionErrors();
        foreach (var error in errors)
        {
            if (error is UnhandledError { InnerException: GraphQLMaxDepthExceededException })
            {
                // The parser refuses to recurse further (instead of overflowing the stack): a request error.
                result.Executed = false;
                normalized.Add(new GraphQLRequestError("The document nests deeper than the parser allows.", GraphQLErrorCodes.QueryTooDeep));
            }
            else if (error is UnhandledError unhandled)
            {
                var explained = await _options.Explain(http, unhandled.InnerException).ConfigureAwait(false);
                if (explained is not null)
                {
                    explained.Path = unhandled.Path;
                }

                ExecutionError replacement = explained
                    ?? (_options.IsUnavailable(unhandled.InnerException)
                    ? new UnavailableError(_options.UnavailableMessage, correlationId) { Path = unhandled.Path }
                    : new InternalServerError(correlationId)
                    {
                        Path = unhandled.Path,
                        Details = _options.ExposeExceptionDetails ? unhandled.InnerException?.ToString() : null,
                    });
                if (unhandled.Locations is { } locations)
                {
                    foreach (var location in locations)
                    {
                        replacement.AddLocation(location);
                    }
                }
                normalized.Add(replacement);
            }
            else
            {
                error.Code = GraphQLErrorCodeMapper.CodeOf(error);
                normalized.Add(error);
            }
        }
        result.Errors = normalized;
    }

    private static async Task WriteRequestErrorAsync(HttpContext http, string mediaType, int status, string message, string code)
    {
        var serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        var result = new ExecutionResult { Executed = false, Errors = [new GraphQLRequestError(message, code)] };
        await WriteResultAsync(http, mediaType, status, result, serializer).ConfigureAwait(false);
    }

    private static async Task WriteResultAsync(HttpContext http, string mediaType, int status, ExecutionResult result, IGraphQLTextSerializer serializer)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted).ConfigureAwait(false);
    }

    private ParseResult ParseGet(IQueryCollection query, IGraphQLTextSerializer serializer)
    {
        if (!TrySingle(query, "query", out var document) || document is null)
        {
            return ParseResult.Fail("The 'query' parameter is required and must appear once.");
        }

        if (!TrySingle(query, "operationName", out var operationName))
        {
            return ParseResult.Fail("The 'operationName' parameter must appear at most once.");
        }

        if (!TrySingle(query, "variables", out var variablesJson))
        {
            return ParseResult.Fail("The 'variables' parameter must appear at most once.");
        }

        if (!TrySingle(query, "extensions", out var extensionsJson))
        {
            return ParseResult.Fail("The 'extensions' parameter must appear at most once.");
        }

        if (!TryParseMap(variablesJson, "variables", serializer, out var variables, out var variablesError))
        {
            return variablesError;
        }

        if (!TryParseMap(extensionsJson, "extensions", serializer, out var extensions, out var extensionsError))
        {
            return extensionsError;
        }

        return new ParseResult(new GraphQLHttpRequest(document, operationName, variables, extensions), null);

        static bool TrySingle(IQueryCollection query, string name, out string? value)
        {
            var values = query[name];
            value = values.Count == 1 ? values[0] : null;
            return values.Count <= 1;
        }
    }

    private static bool TryParseMap(string? json, string name, IGraphQLTextSerializer serializer, out Inputs? inputs, out ParseResult error)
    {
        inputs = null;
        error = default;
        if (string.IsNullOrEmpty(json))
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return TryReadMap(document.RootElement, name, serializer, out inputs, out error);
        }
        catch (Exception e) when (IsInvalidText(e))
        {
            error = ParseResult.Fail($"The '{name}' parameter {InvalidTextMessage}");
            return false;
        }
        catch (JsonException)
        {
            error = ParseResult.Fail($"The '{name}' parameter is not valid JSON.");
            return false;
        }
    }

    private static bool TryReadMap(JsonElement element, string name, IGraphQLTextSerializer serializer, out Inputs? inputs, out ParseResult error)
    {
        inputs = null;
        error = default;
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.Object:
                inputs = serializer.Deserialize<Inputs>(element.GetRawText());
                return true;
            default:
                error = ParseResult.Fail($"The '{name}' parameter must be a JSON object.");
                return false;
        }
    }

    private async Task<ParseResult> ParsePostAsync(HttpContext http, IGraphQLTextSerializer serializer)
    {
        if (!GraphQLMediaTypes.IsJsonRequestContentType(http.Request.ContentType))
        {
            return ParseResult.Fail("The request Content-Type must be application/json (UTF-8).",
                StatusCodes.Status415UnsupportedMediaType, GraphQLErrorCodes.UnsupportedMediaType);
        }

        var body = await ReadBodyAsync(http).ConfigureAwait(false);
        if (body is null)
        {
            return ParseResult.Fail($"The request body is larger than {_options.MaxRequestBodyBytes} bytes.",
                StatusCodes.Status413PayloadTooLarge, GraphQLErrorCodes.PayloadTooLarge);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return ParseResult.Fail("The request body is not valid JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ParseResult.Fail("The request body must be a JSON object.");
            }

            try
            {
                return ReadRequest(root, serializer);
            }
            catch (Exception e) when (IsInvalidText(e))
            {
                return ParseResult.Fail($"The request body {InvalidTextMessage}");
            }
        }
    }

    private static ParseResult ReadRequest(JsonElement root, IGraphQLTextSerializer serializer)
    {
        if (!root.TryGetProperty("query", out var queryElement) || queryElement.ValueKind != JsonValueKind.String)
        {
            return ParseResult.Fail("The 'query' parameter is required and must be a string.");
        }

        string? operationName = null;
        if (root.TryGetProperty("operationName", out var operationNameElement))
        {
            if (operationNameElement.ValueKind == JsonValueKind.String)
            {
                operationName = operationNameElement.GetString();
            }
            else if (operationNameElement.ValueKind != JsonValueKind.Null)
            {
                return ParseResult.Fail("The 'operationName' parameter must be a string.");
            }
        }

        Inputs? variables = null;
        if (root.TryGetProperty("variables", out var variablesElement)
            && !TryReadMap(variablesElement, "variables", serializer, out variables, out var variablesError))
        {
            return variablesError;
        }

        Inputs? extensions = null;
        if (root.TryGetProperty("extensions", out var extensionsElement)
            && !TryReadMap(extensionsElement, "extensions", serializer, out extensions, out var extensionsError))
        {
            return extensionsError;
        }

        return new ParseResult(new GraphQLHttpRequest(queryElement.GetString()!, operationName, variables, extensions), null);
    }

    private const string InvalidTextMessage = "holds a string that is not valid Unicode text (a lone UTF-16 surrogate escape such as \\ud800).";

    /// <summary>
    /// Whether <paramref name="e"/> says a JSON string could not be read as .NET text: JSON lets an escape name half of a
    /// surrogate pair alone (<c>\ud800</c>), which no string can hold. <see cref="JsonElement.GetString"/> throws
    /// <see cref="InvalidOperationException"/> for it; the serializer rethrows the same as a <see cref="JsonException"/>
    /// whose inner exception it is.
    /// </summary>
    private static bool IsInvalidText(Exception e) =>
        e is InvalidOperationException || e is JsonException { InnerException: InvalidOperationException };

    /// <summary>The body, or <see langword="null"/> when it is larger than <see cref="GraphQLEndpointOptions.MaxRequestBodyBytes"/>.</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpContext http)
    {
        var max = _options.MaxRequestBodyBytes;
        if (http.Request.ContentLength > max)
        {
            return null;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = max;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > max)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return buffer.ToArray();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error,
        Message = "Unhandled exception while executing a GraphQL request (correlation id {CorrelationId}, field {FieldPath})")]
    private static partial void LogUnhandledException(ILogger logger, Exception exception, string correlationId, string? fieldPath);

    private sealed record GraphQLHttpRequest(string Query, string? OperationName, Inputs? Variables, Inputs? Extensions);

    private sealed record RequestError(int Status, string Message, string Code);

    private readonly record struct ParseResult(GraphQLHttpRequest? Request, RequestError? Error)
    {
        public static ParseResult Fail(string message, int status = StatusCodes.Status400BadRequest, string code = GraphQLErrorCodes.BadRequest)
            => new(null, new RequestError(status, message, code));
    }
}
