namespace TimeBank.Api.Infrastructure;

/// <summary>A reason the service cannot start, phrased for the person starting it: what is wrong and what to do.</summary>
public sealed class StartupProblem(string message, Exception? inner = null) : Exception(message, inner);
