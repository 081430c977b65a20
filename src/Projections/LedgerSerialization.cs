using Marten;
using TimeBank.Ledger;
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

    /// <summary>
    /// Stores every event under its pinned name (<see cref="StoredAsAttribute"/>, beside the record): renaming or moving
    /// a class never orphans history.
    /// </summary>
    public static StoreOptions PinEventTypeNames(this StoreOptions options)
    {
        foreach (var type in LedgerEvents.All)
        {
            options.Events.MapEventType(type, LedgerEvents.StoredName(type));
        }

        return options;
    }
}
