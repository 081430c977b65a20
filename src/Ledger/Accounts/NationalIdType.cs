namespace TimeBank.Ledger.Accounts;

/// <summary>The kind of identity document a national ID number belongs to (证件类型).</summary>
public enum NationalIdType
{
    /// <summary>居民身份证: 18 characters, the last a check digit (0–9 or X).</summary>
    ResidentIdCard,

    /// <summary>护照.</summary>
    Passport,

    /// <summary>港澳台居民来往内地通行证.</summary>
    TravelPermit,

    /// <summary>外国人永久居留身份证.</summary>
    ForeignPermanentResidentIdCard,
}
