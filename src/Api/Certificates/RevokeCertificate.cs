using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

/// <summary>
/// Staff of the issuing community revoke a certificate, with a reason and its category (what public verification shows).
/// The ledger's <see cref="RevokeCertificate"/>; its number stays taken.
/// </summary>
public static class RevokeCertificateHandler
{
    public static async Task<Accepted> Handle(RevokeCertificate command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var certificate = await session.Events.FetchForWriting<Certificate>(command.CertificateId, cancellation);
        certificate.AppendMany(CertificateDecider.Decide(command, certificate.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.CertificateId);
    }
}

public static class RevokeCertificateField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<RevokeCertificateInputType, RevokeCertificateInput, CertificatePayloadType, RevokeCertificate, Certificate>(
            "revokeCertificate", "Staff of the issuing community (or a city admin) revoke an issued certificate; verification says revoked from then on. "
                + "Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `REASON_REQUIRED`, `TEXT_TOO_LONG`, `ALREADY_REVOKED`, `INVALID_CERTIFICATE_STATE`.",
            (actor, i) => Idempotent.Of(i.CommandId, new RevokeCertificate(i.CertificateId, i.Category, i.Reason, actor)),
            CertificatePayloadType.LoadAsync);
}

public sealed class RevokeCertificateInput
{
    public Guid CommandId { get; init; }
    public Guid CertificateId { get; init; }
    public RevocationCategory Category { get; init; }
    public string Reason { get; init; } = string.Empty;
}

public sealed class RevokeCertificateInputType : InputObjectGraphType<RevokeCertificateInput>
{
    public RevokeCertificateInputType()
    {
        Name = "RevokeCertificateInput";
        Description = "An issued certificate revoked, with its category (shown publicly) and a reason (kept by the community).";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("certificateId").Description("The issued certificate.");
        Field<NonNullGraphType<RevocationCategoryType>>("category").Description("Why, as public verification shows it.");
        Field<NonNullGraphType<StringGraphType>>("reason").Description($"Why, in words; required, at most {TextLimits.Reason} characters.");
    }
}
