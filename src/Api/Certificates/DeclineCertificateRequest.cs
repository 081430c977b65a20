using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

/// <summary>Staff of the community decline a volunteer's request, with a reason. The ledger's <see cref="DeclineCertificateRequest"/>.</summary>
public static class DeclineCertificateRequestHandler
{
    public static async Task<Accepted> Handle(DeclineCertificateRequest command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var certificate = await session.Events.FetchForWriting<Certificate>(command.CertificateId, cancellation);
        certificate.AppendMany(CertificateDecider.Decide(command, certificate.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.CertificateId);
    }
}

public static class DeclineCertificateRequestField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<DeclineCertificateRequestInputType, DeclineCertificateRequestInput, CertificatePayloadType, DeclineCertificateRequest, Certificate>(
            "declineCertificateRequest", "Staff of the community decline a request, with a reason. "
                + "Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `REASON_REQUIRED`, `TEXT_TOO_LONG`, `INVALID_CERTIFICATE_STATE`.",
            (actor, i) => Idempotent.Of(i.CommandId, new DeclineCertificateRequest(i.CertificateId, i.Reason, actor)),
            CertificatePayloadType.LoadAsync);
}

public sealed class DeclineCertificateRequestInput
{
    public Guid CommandId { get; init; }
    public Guid CertificateId { get; init; }
    public string Reason { get; init; } = string.Empty;
}

public sealed class DeclineCertificateRequestInputType : InputObjectGraphType<DeclineCertificateRequestInput>
{
    public DeclineCertificateRequestInputType()
    {
        Name = "DeclineCertificateRequestInput";
        Description = "A request declined, with a reason the volunteer reads.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("certificateId").Description("The requested certificate.");
        Field<NonNullGraphType<StringGraphType>>("reason").Description($"Why; required, at most {TextLimits.Reason} characters.");
    }
}
