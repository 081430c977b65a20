namespace TimeBank.Ledger.Accounts;

/// <summary>
/// A volunteer number names one volunteer in the whole city (certificates and the national format print it), for good:
/// a number stays taken after its volunteer's personal data is erased, so that an old certificate never names someone
/// else. Where the numbers in use are kept is the host's business; this is the rule.
/// </summary>
public static class VolunteerNumbers
{
    /// <summary>Refuses <paramref name="number"/> when <paramref name="holder"/>, another volunteer, already has it.</summary>
    public static void RequireFree(string number, Guid volunteerId, Guid? holder)
    {
        if (holder is { } other && other != volunteerId)
        {
            throw new LedgerRefusal(
                RefusalCodes.VolunteerNumberTaken,
                $"Volunteer number {number} is already another volunteer's; volunteer numbers are unique in the city, so choose another.");
        }
    }
}
