using TimeBank.Api.Certificates;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Certificates;
using GraphQL;
using GraphQL.Types;
using Marten;
using TimeBank.Api.Certificates.Bulk;
using TimeBank.Ledger;

namespace TimeBank.Api.GraphQL;

/// <summary>The certificate mutations: request, issue (a service or a star certificate), decline, revoke (docs/adr/0032-certificates-in-the-ledger.md).</summary>
public sealed partial class LedgerMutation
{
    partial void AddCertificateMutations()
    {
        Mutation<RequestCertificateInputType, RequestCertificateInput, CertificatePayloadType, Certificate>(
            "requestCertificate", "A volunteer asks a community that recorded their service to certify it over a period (谁记录谁证明). "
                + "Where the district's policy says so (`AutoIssueCertificates`), the community issues it by itself a moment later. "
                + "Refusals: `FORBIDDEN` (not a volunteer), `ALREADY_EXISTS`, `CERTIFICATE_PERIOD_INVALID` (backwards, or past today in China time), "
                + "`NO_CERTIFIABLE_SERVICE` (no verified service of theirs in that community and period).",
            (actor, i) => Idempotent.Of(i.CommandId, new RequestCertificate(i.CertificateId ?? i.CommandId, i.CommunityId, new CertificatePeriod(i.From, i.To), actor)),
            LoadCertificateAsync);

        Mutation<IssueCertificateInputType, IssueCertificateInput, CertificatePayloadType, Certificate>(
            "issueCertificate", "Staff of the community (or a city admin) issue a requested certificate, or one directly: it takes the next number of the "
                + "community's year, without gaps, and its content is frozen and sealed. Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `VOLUNTEER_NOT_FOUND`, "
                + "`INVALID_INPUT` (a missing signatory, or a partial subject), `TEXT_TOO_LONG`, `INVALID_CERTIFICATE_STATE`, `CERTIFICATE_PERIOD_INVALID`, "
                + "`NO_CERTIFIABLE_SERVICE`. A refused issue takes no number. A `certificateId` of no request, without volunteerId, communityId, from and to, is `NOT_FOUND`.",
            (actor, i) => Idempotent.Of(i.CommandId, new IssueCertificate(i.CertificateId ?? i.CommandId, i.Subject(),
                new CertificateSignatories(i.PersonInCharge, i.HandlingOfficer, i.Contact), i.Notes, actor)),
            LoadCertificateAsync);

        Mutation<IssueStarCertificateInputType, IssueStarCertificateInput, CertificatePayloadType, Certificate>(
            "issueStarCertificate", "Staff of a community that recorded verified service of the volunteer (or a city admin) certify a star level the volunteer "
                + "has reached (志愿服务星级证明, kind `STAR`): it states the level and the volunteer's total service at issue, takes the next number of the same "
                + "register as service certificates, and is sealed and verified the same way. Refusals: `NOT_STAFF_OF_COMMUNITY`, `NOT_FOUND` (no such community), "
                + "`VOLUNTEER_NOT_FOUND`, `ALREADY_EXISTS`, `INVALID_INPUT` (a level outside 1 to 5, or a missing signatory), `TEXT_TOO_LONG`, "
                + "`NO_CERTIFIABLE_SERVICE` (no verified service of theirs in that community), `STAR_LEVEL_NOT_REACHED` (a level above theirs). A refused issue takes no number.",
            (actor, i) => Idempotent.Of(i.CommandId, new IssueStarCertificate(i.CertificateId ?? i.CommandId, i.VolunteerId, i.CommunityId, i.StarLevel,
                new CertificateSignatories(i.PersonInCharge, i.HandlingOfficer, i.Contact), i.Notes, actor)),
            LoadCertificateAsync);

        Mutation<DeclineCertificateRequestInputType, DeclineCertificateRequestInput, CertificatePayloadType, Certificate>(
            "declineCertificateRequest", "Staff of the community decline a request, with a reason. "
                + "Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `REASON_REQUIRED`, `TEXT_TOO_LONG`, `INVALID_CERTIFICATE_STATE`.",
            (actor, i) => Idempotent.Of(i.CommandId, new DeclineCertificateRequest(i.CertificateId, i.Reason, actor)),
            LoadCertificateAsync);

        Mutation<RevokeCertificateInputType, RevokeCertificateInput, CertificatePayloadType, Certificate>(
            "revokeCertificate", "Staff of the issuing community (or a city admin) revoke an issued certificate; verification says revoked from then on. "
                + "Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `REASON_REQUIRED`, `TEXT_TOO_LONG`, `ALREADY_REVOKED`, `INVALID_CERTIFICATE_STATE`.",
            (actor, i) => Idempotent.Of(i.CommandId, new RevokeCertificate(i.CertificateId, i.Category, i.Reason, actor)),
            LoadCertificateAsync);

        Field<NonNullGraphType<BulkIssuanceType>>("startBulkIssuance")
            .Description("Staff of a community (or a city admin) start issuing the year's certificates to every volunteer with verified service there; "
                + "the job runs in the background and survives a restart (read it with `bulkIssuance`). The same `commandId` again returns the same job. "
                + "Refusals: `NOT_STAFF_OF_COMMUNITY`, `CERTIFICATE_PERIOD_INVALID` (a year not begun), `NO_CERTIFIABLE_SERVICE`, `INVALID_INPUT`, `TEXT_TOO_LONG`.")
            .Argument<NonNullGraphType<StartBulkIssuanceInputType>>("input", "The community, the year and the signatories.")
            .ResolveAsync(async context =>
            {
                var actor = context.RequireActor();
                var input = context.GetArgument<StartBulkIssuanceInput>("input");
                await SchemaErrors.UnlessRefusedAsync(async () =>
                {
                    await context.Service<Wolverine.IMessageBus>().InvokeAsync(new StartBulkIssuance(input.CommandId, input.CommunityId, input.Year,
                        new CertificateSignatories(input.PersonInCharge, input.HandlingOfficer, input.Contact), input.Notes, actor), context.CancellationToken);
                    return true;
                });

                var job = await context.Service<IQuerySession>().LoadAsync<BulkIssuance>(input.CommandId, context.CancellationToken);
                return job is not null && actor.MayActIn(job.CommunityId) ? job : throw SchemaErrors.Of(RefusalCodes.NotStaffOfCommunity,
                    "This command id started a bulk issuance of another community.");
            });
    }

    private static async Task<Certificate?> LoadCertificateAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation) =>
        outcome.Streams.Count > 0 && await session.LoadAsync<Certificate>(outcome.Streams[^1], cancellation) is { } certificate && certificate.IsVisibleTo(actor)
            ? certificate
            : null;
}
