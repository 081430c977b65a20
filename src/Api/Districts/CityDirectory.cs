using Npgsql;

namespace TimeBank.Api.Districts;

/// <summary>
/// The city's directory of volunteers' home districts, in the city database (districts mode only, ADR 0047): a district
/// where a volunteer serves learns here that the volunteer exists and where their account lives. Written by the
/// registration, before the account's own transaction commits in the home district: an entry may name a volunteer
/// whose registration then failed (a credit sent home for them is dead-lettered there, visible), never the reverse.
/// </summary>
public sealed class CityDirectory : IHostedService, IAsyncDisposable
{
    public const string Schema = "timebank_city";

    private readonly NpgsqlDataSource? _city;
    private int _created;

    public CityDirectory(DistrictSettings districts)
    {
        ArgumentNullException.ThrowIfNull(districts);
        _city = districts.IsOn ? NpgsqlDataSource.Create(districts.City!) : null;
    }

    public bool IsOn => _city is not null;

    /// <summary>Records the volunteer's home district; the same volunteer and district again changes nothing.</summary>
    public async Task RecordHomeAsync(Guid volunteerId, string district, CancellationToken cancellation)
    {
        await EnsureCreatedAsync(cancellation);
        await using var command = City.CreateCommand(
            $"insert into {Schema}.volunteer_homes (volunteer_id, district) values ($1, $2) on conflict (volunteer_id) do nothing");
        command.Parameters.Add(new NpgsqlParameter { Value = volunteerId });
        command.Parameters.Add(new NpgsqlParameter { Value = district });
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>The volunteer's home district, or null when the city knows no such volunteer.</summary>
    public async Task<string?> HomeOfAsync(Guid volunteerId, CancellationToken cancellation)
    {
        await EnsureCreatedAsync(cancellation);
        await using var command = City.CreateCommand($"select district from {Schema}.volunteer_homes where volunteer_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = volunteerId });
        return await command.ExecuteScalarAsync(cancellation) as string;
    }

    /// <summary>
    /// Districts mode: whether the city knows the volunteer (registered in some district). A district asks it for a volunteer
    /// with no account of its own, who may serve there. Single-database mode: false, nothing asked.
    /// </summary>
    public async Task<bool> KnowsAsync(Guid volunteerId, CancellationToken cancellation) =>
        IsOn && await HomeOfAsync(volunteerId, cancellation) is not null;

    /// <summary>
    /// Claims a one-time code for the district issuing it (ADR 0048): codes are unique city-wide, so that a till in any
    /// district finds the one district whose volunteer shows it. False when the code is still live for someone: draw again.
    /// Written before the issuing transaction commits: a claim may name a code whose issue then failed (a till showing it
    /// is told the code is invalid), never the reverse.
    /// </summary>
    public async Task<bool> ClaimCodeAsync(string code, string district, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellation)
    {
        await EnsureCreatedAsync(cancellation);
        await using var command = City.CreateCommand(
            $"insert into {Schema}.redemption_codes (code, district, expires_at) values ($1, $2, $3) "
            + $"on conflict (code) do update set district = excluded.district, expires_at = excluded.expires_at where {Schema}.redemption_codes.expires_at <= $4");
        command.Parameters.Add(new NpgsqlParameter { Value = code });
        command.Parameters.Add(new NpgsqlParameter { Value = district });
        command.Parameters.Add(new NpgsqlParameter { Value = expiresAt });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        return await command.ExecuteNonQueryAsync(cancellation) == 1;
    }

    /// <summary>
    /// The district that last issued the code, live or not (a till's request sent again after the code expired still
    /// finds the hold it placed there); null when no district did.
    /// </summary>
    public async Task<string?> DistrictOfCodeAsync(string code, CancellationToken cancellation)
    {
        await EnsureCreatedAsync(cancellation);
        await using var command = City.CreateCommand($"select district from {Schema}.redemption_codes where code = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = code });
        return await command.ExecuteScalarAsync(cancellation) as string;
    }

    /// <summary>Districts mode: the directory's table exists before the service answers.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => IsOn ? EnsureCreatedAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private NpgsqlDataSource City => _city ?? throw new InvalidOperationException("The city directory exists in districts mode only.");

    private async Task EnsureCreatedAsync(CancellationToken cancellation)
    {
        if (Volatile.Read(ref _created) == 1)
        {
            return;
        }

        await using var command = City.CreateCommand(
            $"create schema if not exists {Schema}; create table if not exists {Schema}.volunteer_homes (volunteer_id uuid primary key, district text not null); "
            + $"create table if not exists {Schema}.redemption_codes (code text primary key, district text not null, expires_at timestamptz not null)");
        try
        {
            await command.ExecuteNonQueryAsync(cancellation);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateSchema or PostgresErrorCodes.DuplicateTable)
        {
            // Another request created it at the same moment.
        }

        Volatile.Write(ref _created, 1);
    }

    /// <summary>Closes every idle connection to the city database (<see cref="Infrastructure.ConnectionPools"/>).</summary>
    public void ClearPool() => _city?.Clear();

    public async ValueTask DisposeAsync()
    {
        if (_city is not null)
        {
            await _city.DisposeAsync();
        }
    }
}
