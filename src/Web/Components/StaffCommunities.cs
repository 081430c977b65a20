using System.Text.Json;

namespace TimeBank.Web.Components;

/// <summary>A community a staff member serves, as <c>me { communities }</c> names it.</summary>
/// <param name="GlobalId">Its global id, for <c>node(id:)</c>.</param>
/// <param name="Id">Its UUID, as mutations and lists take it.</param>
public sealed record CommunityChoice(string GlobalId, string Id, string Name);

/// <summary>The communities the signed-in staff member serves, and the one a page shows (its <c>communityId</c> in the address, or the first).</summary>
public sealed record StaffCommunities(IReadOnlyList<CommunityChoice> All, CommunityChoice? Chosen, IReadOnlyList<LedgerError> Errors)
{
    private const string Query = "{ me { communities { id communityId name } } }";

    public static async Task<StaffCommunities> LoadAsync(LedgerClient ledger, string? chosenId)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var answer = await ledger.AskAsync(Query);
        IReadOnlyList<CommunityChoice> all = answer["me"] is { ValueKind: JsonValueKind.Object } me
            ? [.. me.GetProperty("communities").EnumerateArray().Select(c => new CommunityChoice(
                c.GetProperty("id").GetString() ?? "", c.GetProperty("communityId").GetString() ?? "", c.GetProperty("name").GetString() ?? ""))]
            : [];
        return new StaffCommunities(all, all.FirstOrDefault(c => c.Id == chosenId) ?? all.FirstOrDefault(), answer.Errors);
    }
}
