using GraphQL.Types;
using Marten;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

public sealed class CertificatePayloadType()
    : PayloadGraphType<CertificateType, Certificate>("CertificatePayload", "certificate", "The certificate as it stands now.",
        "What a certificate mutation answers.")
{
    /// <summary>The certificate the command names, if the caller may see it.</summary>
    public static async Task<Certificate?> LoadAsync(IQuerySession session, Actor actor, CertificateCommand command, CancellationToken cancellation) =>
        await session.LoadAsync<Certificate>(command.CertificateId, cancellation) is { } certificate && certificate.IsVisibleTo(actor) ? certificate : null;
}
