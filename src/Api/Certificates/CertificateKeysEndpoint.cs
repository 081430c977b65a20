using TimeBank.Api.Infrastructure;

namespace TimeBank.Api.Certificates;

/// <summary>
/// The certificate keys published: <c>GET /.well-known/jwks.json</c>, the JWK Set of every key that sealed certificates
/// (the current one and those retired), for anyone to verify a certificate or its QR token without us. Anonymous, cached
/// for an hour. Registration of the keys and the sealer: <see cref="AddCertificateSealing"/>.
/// </summary>
public static class CertificateKeysEndpoint
{
    public const string Path = "/.well-known/jwks.json";
    public const string MediaType = "application/jwk-set+json";

    /// <summary>The deployment's <see cref="CertificateKeys"/> (<see cref="CertificateKeys.FromConfiguration"/>) and a <see cref="CertificateSealer"/> with the code key <c>certificate-code-key</c>.</summary>
    public static IServiceCollection AddCertificateSealing(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var keys = CertificateKeys.FromConfiguration(configuration, contentRoot);
        var codeKey = LocalSecrets.GetOrCreate(configuration, contentRoot, CertificateSealer.CodeKeySecretName, CertificateSealer.CodeKeySize);
        services.AddSingleton(keys);
        services.AddSingleton(new CertificateSealer(keys, codeKey));
        return services;
    }

    public static WebApplication MapCertificateKeys(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var body = System.Text.Encoding.UTF8.GetBytes(app.Services.GetRequiredService<CertificateKeys>().Jwks().ToJsonString());
        app.MapGet(Path, (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "public, max-age=3600";
                return Results.Bytes(body, MediaType);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }
}
