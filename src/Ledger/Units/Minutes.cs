namespace TimeBank.Ledger.Units;

/// <summary>Service time or time credits, in whole minutes. Arithmetic is checked: overflow is an error, never a wrap.</summary>
public readonly record struct Minutes(long Value) : IComparable<Minutes>
{
    public static readonly Minutes Zero = new(0);

    public static Minutes FromHours(long hours) => new(checked(hours * 60));

    public static Minutes operator +(Minutes a, Minutes b) => new(checked(a.Value + b.Value));
    public static Minutes operator -(Minutes a, Minutes b) => new(checked(a.Value - b.Value));
    public static bool operator <(Minutes a, Minutes b) => a.Value < b.Value;
    public static bool operator >(Minutes a, Minutes b) => a.Value > b.Value;
    public static bool operator <=(Minutes a, Minutes b) => a.Value <= b.Value;
    public static bool operator >=(Minutes a, Minutes b) => a.Value >= b.Value;

    public static Minutes Min(Minutes a, Minutes b) => a.Value <= b.Value ? a : b;
    public static Minutes Max(Minutes a, Minutes b) => a.Value >= b.Value ? a : b;

    public int CompareTo(Minutes other) => Value.CompareTo(other.Value);

    public override string ToString() => $"{Value / 60}h{Value % 60:00}m";
}
