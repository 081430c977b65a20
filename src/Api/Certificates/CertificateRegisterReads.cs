using Marten;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

/// <summary>A community's register read in number order (GraphQL pages it, the CSV export walks it).</summary>
public static class CertificateRegisterReads
{
    public static async Task<IReadOnlyList<Certificate>> PageAsync(
        IQuerySession session, Guid communityId, int? year, CertificateStatus? status, string? afterNumber, int take, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        var query = session.Query<Certificate>()
            .Where(c => c.CommunityId == communityId && (c.Status == CertificateStatus.Issued || c.Status == CertificateStatus.Revoked));
        if (year is { } y)
        {
            var prefix = $"{CommunityCode.Of(communityId)}-{y:D4}-";
            query = query.Where(c => c.Content!.Number.StartsWith(prefix));
        }

        if (status is { } s)
        {
            query = query.Where(c => c.Status == s);
        }

        if (afterNumber is not null)
        {
            query = query.Where(c => c.Content!.Number.CompareTo(afterNumber) > 0);
        }

        return await query.OrderBy(c => c.Content!.Number).Take(take).ToListAsync(cancellation);
    }
}
