using Marten;
using Weasel.Core;

namespace TimeBank.Projections;

public static class LedgerSerialization
{
    /// <summary>How events and documents are stored as JSON. Stored history depends on it: change it only with an ADR.</summary>
    public static StoreOptions UseLedgerSerialization(this StoreOptions options)
    {
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString);
        return options;
    }
}
