namespace TimeBank.Web;

/// <summary>The words for a service record's status, as the API names it (<c>ServiceRecordStatus</c>).</summary>
internal static class RecordStatuses
{
    private static readonly Dictionary<string, string> Names = new()
    {
        ["SUBMITTED"] = "Awaiting verification",
        ["VERIFIED"] = "Verified",
        ["CREDITED"] = "Verified and credited",
        ["REJECTED"] = "Rejected",
        ["REVOKED"] = "Revoked",
    };

    /// <summary>The English key of <paramref name="status"/>'s words (the page's <see cref="Words"/> translate it).</summary>
    public static string Of(string? status) => Names.GetValueOrDefault(status ?? string.Empty, "Other");
}
