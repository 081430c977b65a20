using TimeBank.Api.Commands;
using TimeBank.Ledger;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

/// <summary>A request to issue by the community's policy, as a durable message sent by the request's own transaction.</summary>
public sealed record AutoIssueCertificate(Guid CertificateId, Guid CommunityId, CertificateSignatories Signatories);

/// <summary>
/// Issues a requested certificate on the community's behalf, through the ordinary <see cref="IssueCertificate"/> (same
/// rules and numbering), signed as the policy says; the issuer is the system (<see cref="Guid.Empty"/>) acting for the
/// community. Its command id is named by the certificate, so a message delivered twice issues once. A refusal (the
/// records were revoked meanwhile, say) leaves the request for staff to decide.
/// </summary>
public static class AutoIssueCertificateHandler
{
    public static async Task Handle(AutoIssueCertificate message, CommandSender sender, ILogger<AutoIssueCertificate> logger, CancellationToken cancellation)
    {
        var outcome = await sender.SendAsync(Idempotent.Of(NameBasedId.From("auto-issue-certificate", message.CertificateId), new IssueCertificate(
            message.CertificateId, null, message.Signatories, "", Actor.Staff(Actor.System.PersonId, message.CommunityId))), cancellation);
        if (!outcome.Accepted)
        {
            logger.LogInformation("Certificate request {CertificateId} was not issued by policy ({Code}); it waits for staff", message.CertificateId, outcome.Code);
        }
    }
}
