namespace TimeBank.Ledger.Slots;

/// <summary>How a skill is written: trimmed, case-folded, at most <see cref="MaxLength"/> characters, so that a search finds it.</summary>
public static class Skills
{
    public const int MaxLength = 40;

    public static string Normalize(string skill) =>
        TextLimits.Required(skill, "skill", MaxLength, RefusalCodes.InvalidInput, "A skill cannot be blank.").ToLowerInvariant();

    public static IReadOnlyList<string> Normalize(IEnumerable<string> skills, int max)
    {
        ArgumentNullException.ThrowIfNull(skills);
        var normalized = skills.Select(Normalize).Distinct().ToList();
        return normalized.Count > max
            ? throw new LedgerRefusal(RefusalCodes.InvalidInput, $"At most {max} skills; got {normalized.Count}.")
            : normalized;
    }
}
