namespace TimeBank.LocalDatabase;

/// <summary>Where and how the project-local PostgreSQL cluster lives.</summary>
/// <param name="ProjectRoot">The folder holding TimeBank.sln; the cluster defaults to &lt;ProjectRoot&gt;/.local/pg.</param>
public sealed record LocalPostgresOptions(string ProjectRoot)
{
    /// <summary>Cluster folder (PGDATA) to use instead of &lt;ProjectRoot&gt;/.local/pg, e.g. a temporary one in tests.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Port tried first when the cluster has no stored port yet.</summary>
    public int PreferredPort { get; init; } = 55432;

    /// <summary>Database that <see cref="LocalPostgres.EnsureRunningAsync"/> creates if missing and connects to.</summary>
    public string Database { get; init; } = "timebank";
}

/// <summary>
/// The local PostgreSQL could not be provided. The message says what is wrong and what to do.
/// </summary>
public sealed class LocalPostgresException : Exception
{
    public LocalPostgresException()
        : base("The local PostgreSQL could not be provided.")
    {
    }

    public LocalPostgresException(string message)
        : base(message)
    {
    }

    public LocalPostgresException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
