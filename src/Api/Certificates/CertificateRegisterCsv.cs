using System.Globalization;
using Marten;
using TimeBank.Api.GraphQL;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

/// <summary>
/// <c>GET /communities/{communityId}/certificates.csv?year=&amp;status=</c>: a community's certificate register as CSV
/// (RFC 4180, UTF-8 with a byte-order mark so that spreadsheet programs read Chinese text), in number order. For staff
/// of the community and city admins, with their bearer token; the rows are those of <c>certificateRegister</c>. No
/// names or ID numbers: a row names the volunteer by number.
/// </summary>
public static class CertificateRegisterCsv
{
    public const string ContentType = CsvExport.ContentType;

    private const int Page = 1_000;

    public static IEndpointRouteBuilder MapCertificateRegisterCsv(this IEndpointRouteBuilder app)
    {
        app.MapGet("/communities/{communityId}/certificates.csv", ServeAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ServeAsync(HttpContext http, string communityId, string? year, string? status, IQuerySession session)
    {
        if (!CsvExport.TryCommunityReader(http, communityId, "the certificate register", out var id, out var refused))
        {
            return refused;
        }

        int? wantedYear = null;
        if (year is not null)
        {
            if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 2000 or > 9999)
            {
                return HttpProblems.Of(RefusalCodes.InvalidInput, "year is a four-digit year, e.g. 2026.");
            }

            wantedYear = y;
        }

        CertificateStatus? wantedStatus = null;
        if (status is not null)
        {
            if (!Enum.TryParse<CertificateStatus>(status, ignoreCase: true, out var parsed) || parsed is not (CertificateStatus.Issued or CertificateStatus.Revoked))
            {
                return HttpProblems.Of(RefusalCodes.InvalidInput, "status is ISSUED or REVOKED.");
            }

            wantedStatus = parsed;
        }

        var bytes = await CsvExport.WriteAsync(csv => CsvExport.WritePagesAsync(csv, Row.Header, Page,
            async after => await CertificateRegisterReads.PageAsync(session, id, wantedYear, wantedStatus, after, Page, http.RequestAborted),
            certificate => certificate.Content!.Number, Row.Of), byteOrderMark: true);

        return CsvExport.File(http, bytes, $"certificates-{id}{(wantedYear is { } w ? "-" + w.ToString(CultureInfo.InvariantCulture) : "")}.csv");
    }

    /// <summary>One certificate of the register, as its CSV fields (no names or ID numbers).</summary>
    public static class Row
    {
        public static readonly string[] Header =
        [
            "number", "status", "volunteer_number", "from", "to", "records", "total_hours", "star_level", "issued_on", "organization",
            "handling_officer", "revoked_on", "revocation_category",
        ];

        public static string[] Of(Certificate certificate)
        {
            ArgumentNullException.ThrowIfNull(certificate);
            var content = certificate.Content!;
            return
            [
                content.Number, certificate.Status.ToString().ToUpperInvariant(), content.VolunteerNumber, Day(content.Period.From), Day(content.Period.To),
                content.Records.Count.ToString(CultureInfo.InvariantCulture), (content.TotalMinutes / 60m).ToString("0.##", CultureInfo.InvariantCulture),
                content.StarLevel.ToString(CultureInfo.InvariantCulture), Day(content.IssuedOn), content.Organization, content.Signatories.HandlingOfficer,
                certificate.Revocation is { } r ? Day(Ledger.Units.ChinaTime.DayOf(r.RevokedAt)) : "", certificate.Revocation?.Category.ToString() ?? "",
            ];
        }

        private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
