using GraphQL;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using TimeBank.Api.GraphQL;
using TimeBank.GraphQL.Http;

namespace TimeBank.Api.Auth;

/// <summary>
/// JWT bearer authentication (docs/adr/0007-bearer-tokens.md). No <c>Authorization</c> header: the caller is anonymous.
/// A header that does not carry a valid bearer token: 401 <c>INVALID_TOKEN</c> before anything runs, never a silent
/// anonymous caller.
/// </summary>
public static class BearerAuthentication
{
    public const string InvalidToken = "INVALID_TOKEN";

    /// <summary>A city administrator's bearer token (role <c>city_admin</c>): the operator's HTTP endpoints (dead letters).</summary>
    public const string CityAdminPolicy = "TimeBank.CityAdmin";

    private static readonly object FailureKey = new();

    private const string GraphQLPath = "/graphql";

    /// <summary>Tolerated difference between the issuer's clock and ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static void AddTimeBankAuthentication(this WebApplicationBuilder builder)
    {
        var settings = AuthSettings.From(builder.Configuration);
        // The local key is read (or generated) only when no identity provider is configured.
        var localKey = settings.UsesAuthority ? null : TokenIssuer.LocalSigningKey(builder.Configuration, builder.Environment.ContentRootPath);

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            // The claims contract is sub/role/community/merchant, exactly as issued (ActorFromClaims).
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidAudience = settings.Audience,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidateIssuerSigningKey = true,
                ClockSkew = ClockSkew,
                NameClaimType = ActorFromClaims.Subject,
                RoleClaimType = ActorFromClaims.Role,
            };
            // Kept for the answer (RefuseInvalidTokensAsync); the handler itself logs only the failure's description.
            options.Events = new JwtBearerEvents
            {
                OnAuthenticationFailed = context =>
                {
                    context.HttpContext.Items[FailureKey] = context.Exception;
                    return Task.CompletedTask;
                },
            };

            if (settings.UsesAuthority)
            {
                options.Authority = settings.Authority;
                options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
                if (!string.IsNullOrWhiteSpace(settings.Issuer))
                {
                    options.TokenValidationParameters.ValidIssuer = settings.Issuer;
                }
            }
            else
            {
                options.TokenValidationParameters.ValidIssuer = settings.LocalIssuerName;
                options.TokenValidationParameters.IssuerSigningKey = TokenIssuer.SigningKey(localKey!);
                options.TokenValidationParameters.ValidAlgorithms = [TokenIssuer.Algorithm];
            }
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy(CityAdminPolicy, policy => policy
            .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
            .RequireClaim(ActorFromClaims.Role, "city_admin"));
        // The handler that logs a refused token without its stack trace (BearerTokenHandler).
        builder.Services.Configure<AuthenticationOptions>(options =>
            options.SchemeMap[JwtBearerDefaults.AuthenticationScheme].HandlerType = typeof(BearerTokenHandler));
    }

    /// <summary>Authenticates every request; refuses one whose credentials are not a valid bearer token.</summary>
    public static IApplicationBuilder UseTimeBankAuthentication(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        return app.Use(RefuseInvalidTokensAsync);
    }

    private static async Task RefuseInvalidTokensAsync(HttpContext http, RequestDelegate next)
    {
        if (http.Request.Headers.Authorization.Count == 0)
        {
            await next(http);
            return;
        }

        if (http.User.Identity?.IsAuthenticated == true)
        {
            await next(http);
            return;
        }

        // Credentials were presented and did not authenticate: a bearer token that failed validation, or something else
        // than a bearer token. Either way the caller meant to be someone; answering as anonymous would hide the problem.
        var reason = http.Items[FailureKey] is Exception failure ? ReasonOf(failure) : "The Authorization header must be 'Bearer <token>'.";
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{reason}\"";
        if (!http.Request.Path.StartsWithSegments(GraphQLPath, StringComparison.OrdinalIgnoreCase))
        {
            // Outside GraphQL (the till, the statements as CSV, …) every refusal is a problem with a code.
            await Infrastructure.HttpProblems.Of(InvalidToken, reason).ExecuteAsync(http);
            return;
        }

        var mediaType = GraphQLMediaTypes.Negotiate(http.Request.Headers.Accept) ?? GraphQLMediaTypes.Json;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        var body = new ExecutionResult { Executed = false, Errors = [new GraphQLRequestError(reason, InvalidToken)] };
        await http.RequestServices.GetRequiredService<IGraphQLTextSerializer>().WriteAsync(http.Response.Body, body, http.RequestAborted);
    }

    /// <summary>Why the token was refused, for the caller; never the token itself.</summary>
    internal static string ReasonOf(Exception failure) => failure switch
    {
        SecurityTokenExpiredException => "The bearer token has expired.",
        SecurityTokenNotYetValidException => "The bearer token is not valid yet.",
        SecurityTokenNoExpirationException => "The bearer token has no expiry time.",
        SecurityTokenInvalidIssuerException => "The bearer token comes from an issuer this service does not trust.",
        SecurityTokenInvalidAudienceException => "The bearer token is meant for another audience.",
        SecurityTokenInvalidAlgorithmException => "The bearer token is signed with an algorithm this service does not accept.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The signature of the bearer token is not valid.",
        SecurityTokenMalformedException or ArgumentException => "The bearer token is not a well-formed JWT.",
        _ => "The bearer token is not valid.",
    };
}
