using TimeBank.Api.Certificates;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Certificates;
using Marten;

namespace TimeBank.Api.GraphQL;

/// <summary>The certificate mutations: request, issue, decline, revoke (docs/adr/0032-certificates-in-the-ledger.md).</summary>
public sealed partial class LedgerMutation
{
    partial void AddCertificateMutations()
    {
        Mutation<RequestCertificateInputType, RequestCertificateInput, CertificatePayloadType, Certificate>(
            "requestCertificate", "A volunteer asks a community that recorded their service to certify it over a period (谁记录谁证明). "
                + "Refusals: `FORBIDDEN` (not a volunteer), `ALREADY_EXISTS`, `CERTIFICATE_PERIOD_INVALID` (backwards, or past today in China time), "
                + "`NO_CERTIFIABLE_SERVICE` (no verified service of theirs in that community and period).",
            (actor, i) => Idempotent.Of(i.CommandId, new RequestCertificate(i.CertificateId ?? i.CommandId, i.CommunityId, new CertificatePeriod(i.From, i.To), actor)),
            LoadCertificateAsync);

        Mutation<IssueCertificateInputType, IssueCertificateInput, CertificatePayloadType, Certificate>(
            "issueCertificate", "Staff of the community (or a city admin) issue a requested certificate, or one directly: it takes the next number of the "
                + "community's year, without gaps, and its content is frozen and sealed. Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `VOLUNTEER_NOT_FOUND`, "
                + "`INVALID_INPUT` (a missing signatory, or a partial subject), `TEXT_TOO_LONG`, `INVALID_CERTIFICATE_STATE`, `CERTIFICATE_PERIOD_INVALID`, "
                + "`NO_CERTIFIABLE_SERVICE`. A refused issue takes no number.",
            (actor, i) => Idempotent.Of(i.CommandId, new IssueCertificate(i.CertificateId ?? i.CommandId, i.Subject(),
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
    }

    private static async Task<Certificate?> LoadCertificateAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation) =>
        outcome.Streams.Count > 0 && await session.LoadAsync<Certificate>(outcome.Streams[^1], cancellation) is { } certificate && certificate.IsVisibleTo(actor)
            ? certificate
            : null;
}
