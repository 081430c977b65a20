namespace TimeBank.Ledger;

/// <summary>
/// The name an event is stored under, pinned beside its record: renaming or moving the class never orphans history.
/// A name, once used, never changes meaning; a new shape of an event gets a new name (v2) and an upcaster.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StoredAsAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
