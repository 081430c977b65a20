using GraphQL;
using GraphQL.Types;
using Marten;
using Marten.Linq.MatchesSql;
using TimeBank.Api.Certificates;
using TimeBank.Api.GraphQL.Types;
using TimeBank.GraphQL.Http;
using TimeBank.Ledger;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.GraphQL;

/// <summary>Certificates: one by id, a volunteer's, a community's register and requests, and public verification.</summary>
public sealed partial class LedgerQuery
{
    private const string RegisterCursor = "register";
    private const string RequestCursor = "requests";

    partial void AddCertificateQueries()
    {
        Field<CertificateType>("certificate")
            .Description("A certificate, for its volunteer, staff of the issuing community and city admins; anyone else gets `NOT_FOUND` (and verifies it by number and code). "
                + "Districts mode: also one kept in another district than the caller's (a volunteer's, issued where they served); `DISTRICT_UNAVAILABLE` when it is in none that answered and one did not.")
            .Argument<NonNullGraphType<UuidIdGraphType>>("certificateId", "The certificate's UUID.")
            .ResolveAsync(async context =>
            {
                var actor = context.RequireActor();
                var id = context.GetId("certificateId");
                return await SchemaErrors.UnlessRefusedAsync(() => CertificateReads.VisibleAsync(
                        context.Service<IQuerySession>(), context.Service<Districts.EveryDistrict>(), id, actor, context.CancellationToken))
                    ?? throw SchemaErrors.NotFound("Certificate", id);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CertificateType>>>>("certificates")
            .Description("A volunteer's certificates of every status, requests first, then the latest issued first: all of them for the volunteer and city admins, the ones of their community for staff; none for anyone else. "
                + "Districts mode: the volunteer's own list holds those of every district; a district that does not answer is named beside it (`DISTRICT_UNAVAILABLE` in `errors`).")
            .Argument<NonNullGraphType<UuidIdGraphType>>("volunteerId", "The volunteer's id.")
            .ResolveAsync(async context =>
            {
                return await CertificateReads.OfVolunteerAsync(context, context.GetId("volunteerId"));
            });

        Field<NonNullGraphType<CertificateConnectionType>>("certificateRegister")
            .Description("A community's register of issued (and revoked) certificates, in number order. Staff of the community and city admins only (`FORBIDDEN`). "
                + $"`first` is 0 to {Paging.MaxPageSize}. The same register as CSV: `/communities/{{communityId}}/certificates.csv?year=`.")
            .Argument<NonNullGraphType<UuidIdGraphType>>("communityId", "The issuing community.")
            .Argument<IntGraphType>("year", "Only the certificates numbered in this year (China time).")
            .Argument<CertificateStatusType>("status", "Only `ISSUED` or only `REVOKED` ones.")
            .ForwardPaging()
            .ResolveAsync(ResolveRegisterAsync);

        Field<NonNullGraphType<CertificateConnectionType>>("certificateRequests")
            .Description("A community's certificate requests awaiting a decision, oldest first. Staff of the community and city admins only (`FORBIDDEN`).")
            .Argument<NonNullGraphType<UuidIdGraphType>>("communityId", "The community asked.")
            .ForwardPaging()
            .ResolveAsync(ResolveRequestsAsync);

        Field<TimeBank.Api.Certificates.Bulk.BulkIssuanceType>("bulkIssuance")
            .Description("A bulk issuance's progress, for staff of its community and city admins; `NOT_FOUND` for anyone else.")
            .Argument<NonNullGraphType<UuidIdGraphType>>("jobId", "The job's UUID (the command id that started it).")
            .ResolveAsync(async context =>
            {
                var actor = context.RequireActor();
                var id = context.GetId("jobId");
                var job = await context.Service<IQuerySession>().LoadAsync<TimeBank.Api.Certificates.Bulk.BulkIssuance>(id, context.CancellationToken);
                return job is not null && actor.MayActIn(job.CommunityId) ? job : throw SchemaErrors.NotFound("Bulk issuance", id);
            });

        Field<NonNullGraphType<CertificateVerificationType>>("verifyCertificate")
            .Description("Public verification, no token needed: the number and the code printed beside it. Says plainly valid, revoked, unknown, wrong code, "
                + "altered or person erased, and never more than the certificate shows. Limited per client address (`RATE_LIMITED`). "
                + "Refusals: `CERTIFICATE_NUMBER_INVALID`, `VERIFICATION_CODE_INVALID` (what was typed cannot be one).")
            .Argument<NonNullGraphType<StringGraphType>>("number", "The certificate number, e.g. 8K2QZD-2026-000017.")
            .Argument<NonNullGraphType<StringGraphType>>("code", "The verification code printed beside the number; case, spaces and dashes do not matter.")
            .Argument<StringGraphType>("name", "Optional: the name printed on the paper, to check it is the one sealed (`personMatches`).")
            .Argument<StringGraphType>("idNumber", "Optional, with `name`: the ID number printed on the paper.")
            .ResolveAsync(async context =>
            {
                return await SchemaErrors.UnlessRefusedAsync(() => context.Service<CertificateVerification>().PublicAsync(
                    (context.UserContext as GraphQLUserContext)?.HttpContext, context.RequestServices!,
                    context.GetArgument<string>("number"), context.GetArgument<string>("code"), token: null,
                    context.GetArgument<string?>("name"), context.GetArgument<string?>("idNumber"), context.CancellationToken));
            });

        AddTokenVerification();
    }

    /// <summary>Public verification by the QR code's token.</summary>
    private void AddTokenVerification() =>
        Field<NonNullGraphType<CertificateVerificationType>>("verifyCertificateToken")
            .Description("Public verification by the token the certificate's QR code carries (its `token` parameter), no bearer token needed; "
                + "the same answer as `verifyCertificate`, under the same limit. A phone can also check the token offline against `/.well-known/jwks.json`. "
                + "Refusals: `CERTIFICATE_TOKEN_INVALID` (malformed, truncated, altered, or signed by a key never published).")
            .Argument<NonNullGraphType<StringGraphType>>("token", "The compact JWS from the QR code.")
            .ResolveAsync(async context =>
            {
                return await SchemaErrors.UnlessRefusedAsync(() => context.Service<CertificateVerification>().PublicAsync(
                    (context.UserContext as GraphQLUserContext)?.HttpContext, context.RequestServices!,
                    number: null, code: null, context.GetArgument<string>("token"), cancellation: context.CancellationToken));
            });

    private static void RequireRegisterReader(IResolveFieldContext context, Guid communityId)
    {
        if (!context.RequireActor().MayActIn(communityId))
        {
            throw SchemaErrors.Of(RefusalCodes.Forbidden, "Only staff of the community and city admins read its certificates.");
        }
    }

    private static async Task<object?> ResolveRegisterAsync(IResolveFieldContext context)
    {
        var communityId = context.GetId("communityId");
        RequireRegisterReader(context, communityId);
        var first = Paging.First(context);
        var after = Paging.After(context, RegisterCursor);
        var year = context.GetArgument<int?>("year");
        var status = context.GetArgument<CertificateStatus?>("status");
        if (status is CertificateStatus.Requested or CertificateStatus.Declined)
        {
            throw SchemaErrors.InvalidInput("The register holds issued and revoked certificates; requests are in `certificateRequests`.");
        }

        var page = await CertificateRegisterReads.PageAsync(context.Service<IQuerySession>(), communityId, year, status, after, first + 1, context.CancellationToken);
        return Paging.PageOf(page, first, c => Paging.Cursor(RegisterCursor, c.Content!.Number), hasPrevious: after is not null);
    }

    private static async Task<object?> ResolveRequestsAsync(IResolveFieldContext context)
    {
        var communityId = context.GetId("communityId");
        RequireRegisterReader(context, communityId);
        var first = Paging.First(context);
        var after = Paging.AfterId(context, RequestCursor);
        var query = context.Service<IQuerySession>().Query<Certificate>()
            .Where(c => c.CommunityId == communityId && c.Status == CertificateStatus.Requested);
        if (after is { } id)
        {
            query = query.Where(c => c.MatchesSql("d.id > ?", id));
        }

        var requests = await query.OrderBy(c => c.Id).Take(first + 1).ToListAsync(context.CancellationToken);
        return Paging.PageOf(requests, first, c => Paging.IdCursor(RequestCursor, c.Id), hasPrevious: after is not null);
    }
}
