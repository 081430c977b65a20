using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

/// <summary>
/// Public verification over plain HTTP, no token: <c>GET /certificates/verify?number=&amp;code=</c> answers JSON, and
/// <c>GET /verify</c> is a printable page (a form, or the verdict for <c>number</c> and <c>code</c>, or for the QR code's
/// <c>token</c>: the QR code on the paper is this page's address). Both answer through
/// <see cref="CertificateVerification"/> under the same per-client limit as GraphQL's <c>verifyCertificate</c>; what
/// cannot be a number or a code is a 400 problem with its code, a client over the limit a 429 with <c>Retry-After</c>.
/// </summary>
public static class CertificateVerificationEndpoints
{
    /// <summary>Only this host's stylesheet; no script; the form posts nowhere else.</summary>
    public const string PagePolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static IEndpointRouteBuilder MapCertificateVerification(this IEndpointRouteBuilder app)
    {
        app.MapGet(CertificatePaths.VerifyJson, VerifyJsonAsync).ExcludeFromDescription();
        app.MapGet(CertificatePaths.Verify, VerifyPageAsync).ExcludeFromDescription();
        app.MapGet(CertificatePaths.Verify + "/page.css", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(VerificationPage.Css, "text/css; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> VerifyJsonAsync(
        HttpContext http, string? number, string? code, string? name, string? idNumber, string? token, CertificateVerification verification)
    {
        http.Response.Headers.CacheControl = "no-store";
        try
        {
            return Results.Json(await verification.PublicAsync(http, http.RequestServices, number, code, token, name, idNumber, http.RequestAborted), Json);
        }
        catch (LedgerRefusal refusal)
        {
            return Refused(http, refusal);
        }
    }

    private static async Task<IResult> VerifyPageAsync(
        HttpContext http, string? number, string? code, string? token, CertificateVerification verification)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = PagePolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        if (string.IsNullOrWhiteSpace(number) && string.IsNullOrWhiteSpace(code) && string.IsNullOrWhiteSpace(token))
        {
            return Results.Content(VerificationPage.Form(null, null, null), "text/html; charset=utf-8");
        }

        try
        {
            var result = await verification.PublicAsync(http, http.RequestServices, number, code, string.IsNullOrWhiteSpace(token) ? null : token, cancellation: http.RequestAborted);
            return Results.Content(VerificationPage.Verdict(result), "text/html; charset=utf-8");
        }
        catch (LedgerRefusal refusal)
        {
            RetryAfter(http, refusal);
            return Results.Content(VerificationPage.Form(number, code, refusal.Message), "text/html; charset=utf-8", statusCode: HttpProblems.StatusOf(refusal.Code));
        }
    }

    private static IResult Refused(HttpContext http, LedgerRefusal refusal)
    {
        RetryAfter(http, refusal);
        return HttpProblems.Of(refusal.Code, refusal.Message);
    }

    private static void RetryAfter(HttpContext http, LedgerRefusal refusal)
    {
        if (refusal.Code == RefusalCodes.RateLimited)
        {
            http.Response.Headers.RetryAfter = "60";
        }
    }
}

/// <summary>The public verification page: plain HTML, printable, every value encoded.</summary>
public static class VerificationPage
{
    // Chinese text stays readable in the source; markup characters are still encoded.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static string Form(string? number, string? code, string? problem) => Page("核验志愿服务证明 · Verify a certificate", $"""
        <form method="get" action="{CertificatePaths.Verify}">
          <label>证明编号 Certificate number <input name="number" value="{Encode(number)}" required maxlength="32" autocomplete="off"></label>
          <label>核验码 Verification code <input name="code" value="{Encode(code)}" required maxlength="20" autocomplete="off"></label>
          <button type="submit">核验 Verify</button>
        </form>
        {(problem is null ? "" : $"<p class=\"problem\" role=\"alert\">{Encode(problem)}</p>")}
        """);

    public static string Verdict(CertificateVerificationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var (css, title) = result.Verdict switch
        {
            VerificationVerdict.Valid => ("valid", "有效 · Valid"),
            VerificationVerdict.PersonErased => ("valid", "有效（个人信息已删除）· Valid, person erased"),
            VerificationVerdict.Revoked => ("revoked", "已撤销 · Revoked"),
            VerificationVerdict.Altered => ("revoked", "内容被篡改 · Altered"),
            VerificationVerdict.WrongCode => ("unknown", "核验码不符 · Wrong code"),
            _ => ("unknown", "查无此证明 · Unknown"),
        };
        var rows = new StringBuilder();
        Row(rows, "证明编号 Number", result.Number);
        Row(rows, "出具单位 Issued by", result.Organization);
        Row(rows, "出具日期 Issued on", result.IssuedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Row(rows, "服务期间 Period", result.Period is { } p ? $"{p.From:yyyy-MM-dd} – {p.To:yyyy-MM-dd}" : null);
        Row(rows, "累计时长 Total hours", result.TotalMinutes is { } m ? (m / 60m).ToString("0.##", CultureInfo.InvariantCulture) + " 小时" : null);
        Row(rows, "记录条数 Records", result.RecordCount?.ToString(CultureInfo.InvariantCulture));
        Row(rows, "星级 Star level", result.StarLevel?.ToString(CultureInfo.InvariantCulture));
        Row(rows, "姓名 Name", result.MaskedName);
        Row(rows, "证件号码 ID number", result.MaskedIdNumber);
        Row(rows, "撤销日期 Revoked on", result.RevokedAt is { } r ? Ledger.Units.ChinaTime.DayOf(r).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null);
        return Page("核验结果 · Verification", $"""
            <p class="verdict {css}">{Encode(title)}</p>
            <p>{Encode(result.Message)}</p>
            {(rows.Length == 0 ? "" : $"<table>{rows}</table>")}
            <p class="again"><a href="{CertificatePaths.Verify}">核验另一份 · Verify another</a></p>
            """);
    }

    public const string Css = """
        body { font-family: "Noto Sans CJK SC", "Droid Sans Fallback", sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
        h1 { font-size: 1.4rem; }
        label { display: block; margin: .8rem 0; } input { display: block; box-sizing: border-box; font-size: 1.1rem; padding: .4rem; width: 100%; max-width: 24rem; }
        button { font-size: 1.1rem; padding: .4rem 1.2rem; }
        .verdict { font-size: 1.6rem; font-weight: bold; } .valid { color: #176b2c; } .revoked { color: #a4161a; } .unknown { color: #6b5a00; }
        .problem { color: #a4161a; } table { border-collapse: collapse; } td, th { border-bottom: 1px solid #ccc; padding: .3rem .8rem; text-align: left; }
        @media print { .again, form { display: none; } }
        """;

    private static void Row(StringBuilder rows, string label, string? value)
    {
        if (value is not null)
        {
            rows.Append(CultureInfo.InvariantCulture, $"<tr><th>{Encode(label)}</th><td>{Encode(value)}</td></tr>");
        }
    }

    // One main landmark for screen readers; an empty icon so that browsers do not ask for a /favicon.ico the service
    // does not have (a 404 in every visitor's console).
    private static string Page(string title, string body) => $"""
        <!doctype html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Encode(title)}</title><link rel="stylesheet" href="{CertificatePaths.Verify}/page.css"><link rel="icon" href="data:,"></head>
        <body><main><h1>{Encode(title)}</h1>
        {body}
        </main></body></html>
        """;

    private static string Encode(string? text) => text is null ? "" : Html.Encode(text);
}
