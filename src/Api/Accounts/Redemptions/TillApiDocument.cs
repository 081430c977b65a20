using System.Reflection;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TimeBank.Api.Accounts.Redemptions;

/// <summary>
/// On a till endpoint: the statuses its refusals can have beyond those every till operation can answer (401, 403, 500,
/// 503; see <see cref="TillApiDocument"/>), and the JSON body it reads, if any, for its OpenAPI description.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TillOperationAttribute(params int[] refusals) : Attribute
{
    public IReadOnlyList<int> Refusals { get; } = refusals;

    public Type? Body { get; init; }
}

/// <summary>
/// The till's OpenAPI document (<c>/openapi/v1.json</c>, read by the page at <c>/api-reference</c>): the bearer scheme on
/// every operation, every refusal an operation can answer as the <c>Problem</c> schema with its <c>code</c>, and a server
/// address without a trailing slash. <c>redocly lint</c> with its recommended rules finds no error in it (a test runs it).
/// </summary>
public static class TillApiDocument
{
    public const string Path = "/openapi/v1.json";

    private const string Bearer = "bearer";
    private const string ProblemSchema = "Problem";
    private const string ProblemJson = "application/problem+json";

    /// <summary>What every till operation can answer, whatever it does: the caller, and a failure of the service itself.</summary>
    private static readonly int[] EveryOperation = [StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status500InternalServerError, StatusCodes.Status503ServiceUnavailable];

    private static readonly Dictionary<int, string> Meaning = new()
    {
        [400] = "The request is malformed; fix it before sending it again. BAD_REQUEST: the body is not a JSON object. INVALID_INPUT: "
            + "a field is missing or of the wrong kind (the detail names it). INVALID_AMOUNT: the amount is not a positive number of points.",
        [401] = "No bearer token (UNAUTHENTICATED), or one that is not valid: forged, expired or malformed (INVALID_TOKEN).",
        [403] = "The token is not a merchant cashier's (NOT_CASHIER_OF_MERCHANT).",
        [404] = "No such hold of this merchant (NOT_FOUND). Another merchant's hold, and a hold id that is not a UUID, answer the same.",
        [409] = "The hold or the till request id is in another state: HOLD_ALREADY_ENDED (completed, voided or expired), "
            + "HOLD_NOT_COMPLETED (only a completed redemption is refunded), IDEMPOTENCY_KEY_REUSED (the tillRequestId was used for another request).",
        [415] = "The body is not JSON (UNSUPPORTED_MEDIA_TYPE): send it with Content-Type: application/json.",
        [422] = "The ledger's rules say no: REDEMPTION_CODE_INVALID (unknown, expired or used code), INSUFFICIENT_POINTS, MERCHANT_NOT_APPROVED, "
            + "REFUND_EXCEEDS_COMPLETED, REFUND_WINDOW_CLOSED.",
        [429] = "TOO_MANY_CODE_ATTEMPTS: too many wrong codes from this merchant's tills this minute; even a right code is refused until retryAt (Retry-After).",
        [500] = "INTERNAL: something unexpected; the detail carries the correlation id under which it is logged.",
        [503] = "UNAVAILABLE: the ledger's database cannot be reached right now. Send the same request (the same tillRequestId) again after Retry-After seconds: it counts once.",
    };

    public static void Describe(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ShouldInclude = description => description.RelativePath?.StartsWith("till/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            DescribeDocument(document);
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(DescribeOperationAsync);
    }

    private static void DescribeDocument(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "TimeBank till API",
            Version = "v1",
            Description = "Cash-register software holds a volunteer's love-bank points with the one-time code the volunteer shows, then completes "
                + "or voids the hold, and refunds a completed redemption within 30 days. Every call needs a merchant cashier's bearer token. "
                + "Every refusal is application/problem+json with a stable code (the same codes as the GraphQL API). A hold nobody ends is "
                + "released after 15 minutes. tillRequestId is the till's own idempotency key: the same request again returns the first outcome.",
        };
        // A server address ends without a slash: clients append paths that begin with one.
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A merchant cashier's token: Authorization: Bearer <token> (claims sub, role=merchant, merchant).",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = Problem();
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            tag.Description ??= "The till: holds, completions, voids and refunds of love-bank points.";
        }
    }

    private static async Task DescribeOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        var declared = (context.Description.ActionDescriptor as ControllerActionDescriptor)?.MethodInfo.GetCustomAttribute<TillOperationAttribute>();
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] }];
        if (declared?.Body is { } body)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(body, null, cancellation) },
                },
            };
        }

        var statuses = (declared?.Refusals ?? []).Concat(EveryOperation);
        if (declared?.Body is not null)
        {
            statuses = statuses.Append(StatusCodes.Status415UnsupportedMediaType);
        }

        operation.Responses ??= new OpenApiResponses();
        // Every refusal is a problem, also one the framework listed by itself.
        var listed = operation.Responses.Keys.Select(key => int.TryParse(key, out var status) ? status : 0).Where(status => status >= 400);
        foreach (var status in statuses.Concat(listed).Distinct().Order())
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Refusal(status, context.Document);
        }
    }

    private static OpenApiResponse Refusal(int status, OpenApiDocument? document)
    {
        var response = new OpenApiResponse
        {
            Description = Meaning[status],
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) } },
        };
        if (status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait before sending the request again.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
            };
        }

        return response;
    }

    /// <summary>RFC 9457 problem details as every refusal outside GraphQL is written (Infrastructure/HttpProblems.cs).</summary>
    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "A refusal (RFC 9457 problem details). code is stable and meant for programs; detail is written for people.",
        Required = new HashSet<string> { "status", "code", "detail" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A reference to the HTTP status's definition." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The code again (a short summary)." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "The HTTP status." },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What is wrong, for people: it names the field or the rule." },
            ["code"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The stable code, as GraphQL's extensions.code: INVALID_INPUT, NOT_FOUND, INSUFFICIENT_POINTS, … (README, Error codes).",
            },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id: give it when asking about a failure." },
            ["retryAt"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String, Format = "date-time", Description = "With TOO_MANY_CODE_ATTEMPTS: when the till is heard again.",
            },
        },
    };
}
