using GraphQL;
using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Districts;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;
using TimeBank.Ledger.Certificates;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.Certificates;

/// <summary>
/// A volunteer requests a certificate of their verified service over a period from a community that recorded it. The
/// ledger's <see cref="RequestCertificate"/>, decided on the certificate's new stream with the volunteer's records in
/// that community: a period with nothing to certify is refused at once. Where the community's policy issues requests
/// by itself (<see cref="Ledger.Policies.LedgerPolicy.AutoIssueCertificates"/>), the request sends, in its transaction,
/// the durable message that issues it (<see cref="AutoIssueCertificate"/>). Districts mode (ADR 0047): a request runs in
/// the district of the community it asks (<see cref="RequestCertificateField.DistrictOfAsync"/>), where its records, its
/// register and its staff are, whichever the volunteer's home.
/// </summary>
public static class RequestCertificateHandler
{
    public static async Task<(Accepted, AutoIssueCertificate?)> Handle(
        RequestCertificate command, IDocumentSession session, PolicyBook policies, TimeProvider clock, CancellationToken cancellation)
    {
        var certificate = await session.Events.FetchForWriting<Certificate>(command.CertificateId, cancellation);
        var records = await CertifiableRecords.OfAsync(session, command.Actor.PersonId, command.CommunityId, cancellation);
        certificate.AppendOne(CertificateDecider.Request(command, certificate.Aggregate, records, clock.GetUtcNow()));
        var policy = await policies.ForCommunityAsync(session, command.CommunityId, cancellation);
        return (new Accepted(command.CertificateId),
            policy.AutoIssueCertificates is { } signatories ? new AutoIssueCertificate(command.CertificateId, command.CommunityId, signatories) : null);
    }
}

/// <summary>The records a certificate may state: a volunteer's, in one community (the decider picks the period's).</summary>
public static class CertifiableRecords
{
    public static async Task<IReadOnlyList<ServiceRecord>> OfAsync(IQuerySession session, Guid volunteerId, Guid communityId, CancellationToken cancellation) =>
        await session.Query<ServiceRecord>()
            .Where(r => r.CommunityId == communityId && r.VolunteerId == volunteerId)
            .ToListAsync(cancellation);
}

public static class RequestCertificateField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<RequestCertificateInputType, RequestCertificateInput, CertificatePayloadType, RequestCertificate, Certificate>(
            "requestCertificate", "A volunteer asks a community that recorded their service to certify it over a period (谁记录谁证明). "
                + "Where the district's policy says so (`AutoIssueCertificates`), the community issues it by itself a moment later. "
                + "Refusals: `FORBIDDEN` (not a volunteer), `ALREADY_EXISTS`, `CERTIFICATE_PERIOD_INVALID` (backwards, or past today in China time), "
                + "`NO_CERTIFIABLE_SERVICE` (no verified service of theirs in that community and period), `DISTRICT_UNAVAILABLE` (districts mode: the request "
                + "runs in the community's district, whichever the volunteer's home, and no district that answered has the community).",
            (actor, i) => Idempotent.Of(i.CommandId, new RequestCertificate(i.CertificateId ?? i.CommandId, i.CommunityId, new CertificatePeriod(i.From, i.To), actor)),
            DistrictOfAsync, CertificatePayloadType.LoadAsync);

    /// <summary>Districts mode: the district of the community asked, when it is not the request's (the volunteer's home). Nothing is asked in single-database mode.</summary>
    public static Task<string?> DistrictOfAsync(IResolveFieldContext context, RequestCertificate command)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(command);
        return context.Service<EveryDistrict>().ElsewhereAsync<Community>(context.Service<IQuerySession>(), command.CommunityId, "The community", context.CancellationToken);
    }
}

public sealed class RequestCertificateInput
{
    public Guid CommandId { get; init; }
    public Guid? CertificateId { get; init; }
    public Guid CommunityId { get; init; }
    public DateOnly From { get; init; }
    public DateOnly To { get; init; }
}

public sealed class RequestCertificateInputType : InputObjectGraphType<RequestCertificateInput>
{
    public RequestCertificateInputType()
    {
        Name = "RequestCertificateInput";
        Description = "A volunteer's request for a certificate of their own verified service in one community over a period.";
        this.CommandIdField();
        Field<UuidIdGraphType>("certificateId").Description("The new certificate's UUID; defaults to the command id.");
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The community that recorded the service (谁记录谁证明).");
        Field<NonNullGraphType<DateOnlyGraphType>>("from").Description("The first day of the period (China time).");
        Field<NonNullGraphType<DateOnlyGraphType>>("to").Description("The last day of the period (China time), not after today.");
    }
}
