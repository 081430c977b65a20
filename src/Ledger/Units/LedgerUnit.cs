namespace TimeBank.Ledger.Units;

/// <summary>The three units of the ledger. They are never mixed or converted into one another.</summary>
public enum LedgerUnit
{
    /// <summary>Verified service time in minutes: the honour record, never spent.</summary>
    ServiceMinutes,

    /// <summary>Time-bank credits in minutes (1 hour served = 60 credit minutes).</summary>
    TimeCredits,

    /// <summary>Love-bank points.</summary>
    Points,
}
