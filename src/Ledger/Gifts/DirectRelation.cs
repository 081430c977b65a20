namespace TimeBank.Ledger.Gifts;

/// <summary>
/// The direct relatives (直系亲属) between whom time credits may be given: spouse, parents and children, grandparents and
/// grandchildren. Siblings, in-laws and other relatives are not direct relatives and are not recorded (ADR 0045). Stored by
/// name: a name here is never renamed.
/// </summary>
public enum DirectRelation
{
    Spouse,
    Parent,
    Child,
    Grandparent,
    Grandchild,
}

public static class DirectRelations
{
    /// <summary>What the member is to the relative, when the relative is <paramref name="kind"/> to the member.</summary>
    public static DirectRelation Inverse(this DirectRelation kind) => kind switch
    {
        DirectRelation.Spouse => DirectRelation.Spouse,
        DirectRelation.Parent => DirectRelation.Child,
        DirectRelation.Child => DirectRelation.Parent,
        DirectRelation.Grandparent => DirectRelation.Grandchild,
        DirectRelation.Grandchild => DirectRelation.Grandparent,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a direct relation."),
    };
}
