namespace TimeBank.Ledger.Units;

/// <summary>Love-bank points, a whole number. Arithmetic is checked: overflow is an error, never a wrap.</summary>
public readonly record struct Points(long Value) : IComparable<Points>
{
    public static readonly Points Zero = new(0);

    public static Points operator +(Points a, Points b) => new(checked(a.Value + b.Value));
    public static Points operator -(Points a, Points b) => new(checked(a.Value - b.Value));
    public static bool operator <(Points a, Points b) => a.Value < b.Value;
    public static bool operator >(Points a, Points b) => a.Value > b.Value;
    public static bool operator <=(Points a, Points b) => a.Value <= b.Value;
    public static bool operator >=(Points a, Points b) => a.Value >= b.Value;

    public static Points Min(Points a, Points b) => a.Value <= b.Value ? a : b;

    public int CompareTo(Points other) => Value.CompareTo(other.Value);

    public override string ToString() => $"{Value} pts";
}
