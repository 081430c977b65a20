using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

public sealed class CertificatePayloadType()
    : PayloadGraphType<CertificateType, Certificate>("CertificatePayload", "certificate", "The certificate as it stands now.",
        "What a certificate mutation answers.")
{
    /// <summary>The certificate the command touched, if the caller may see it.</summary>
    public static async Task<Certificate?> LoadAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation) =>
        outcome.Streams.Count > 0 && await session.LoadAsync<Certificate>(outcome.Streams[^1], cancellation) is { } certificate && certificate.IsVisibleTo(actor)
            ? certificate
            : null;
}
