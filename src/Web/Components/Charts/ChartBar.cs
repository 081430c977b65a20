namespace TimeBank.Web.Components.Charts;

/// <summary>One bar of a chart: what it is (<paramref name="Label"/>, shown under it; <paramref name="Name"/> in the table and the text alternative), its value, and the value as people read it.</summary>
public sealed record ChartBar(string Label, string Name, double Value, string Shown);

/// <summary>One row of a chart of figures against their targets: the value on a scale from 0 to <paramref name="Max"/>, and the target's mark on it.</summary>
public sealed record TargetBar(string Name, double Value, double Max, string Shown, double? Target, string? TargetShown, bool Met);
