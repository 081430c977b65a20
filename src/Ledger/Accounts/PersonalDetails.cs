namespace TimeBank.Ledger.Accounts;

/// <summary>
/// A volunteer's personal information in the clear: only ever in memory, on its way to or from the host's encrypted
/// store; never in an event. <see cref="ToString"/> shows none of it, so a log line or an exception that prints a
/// command carrying it prints nothing personal. What valid details are is the ledger's rule (<see cref="PersonalDetailRules"/>).
/// </summary>
public sealed record PersonalDetails(string Name, string? Phone = null, NationalIdType? NationalIdType = null, string? NationalId = null)
{
    public override string ToString() => "PersonalDetails { (personal information, not shown) }";

    /// <summary>
    /// The details, trimmed and normalized (phone without separators, ID upper-case without spaces), or a refusal that
    /// says what is wrong without repeating the value.
    /// </summary>
    public static PersonalDetails Validate(string? name, string? phone, NationalIdType? nationalIdType, string? nationalId) =>
        new(PersonalDetailRules.Name(name), PersonalDetailRules.Phone(phone), nationalIdType, PersonalDetailRules.NationalId(nationalIdType, nationalId));

    public PersonalDetails Validated() => Validate(Name, Phone, NationalIdType, NationalId);
}
