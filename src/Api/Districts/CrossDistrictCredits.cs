using TimeBank.Ledger.Accounts;
using Wolverine;

namespace TimeBank.Api.Districts;

/// <summary>What a verifying district does for a volunteer homed elsewhere (ADR 0047).</summary>
public static class CrossDistrictCredits
{
    /// <summary>The home districts of the batch's volunteers that have no account in <paramref name="here"/>, where the city knows one.</summary>
    public static async Task<Dictionary<Guid, string>> HomesAsync(
        CityDirectory directory, IReadOnlyDictionary<Guid, VolunteerAccount?> accounts, string here, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var homes = new Dictionary<Guid, string>();
        foreach (var (volunteerId, account) in accounts)
        {
            if (await HomeElsewhereAsync(directory, volunteerId, account, here, cancellation) is { } home)
            {
                homes[volunteerId] = home;
            }
        }

        return homes;
    }

    /// <summary>
    /// Districts mode: the home district of a volunteer with no account in <paramref name="here"/>, where the city knows
    /// one elsewhere; null for a volunteer whose account is here, one the city does not know, and in single-database mode.
    /// </summary>
    public static async Task<string?> HomeElsewhereAsync(
        CityDirectory directory, Guid volunteerId, VolunteerAccount? account, string here, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return directory.IsOn && account is null && await directory.HomeOfAsync(volunteerId, cancellation) is { } home && home != here ? home : null;
    }

    /// <summary>
    /// The credit, to the home district's queue, stamped with its tenant. A home this deployment does not know is never put
    /// in the envelope's tenant: the message stays in this district, whose handler dead-letters it (visible, replayable).
    /// </summary>
    public static ValueTask SendHomeAsync(IMessageBus bus, DistrictSettings districts, CreditService credit, string servedIn, string home) =>
        SendAsync(bus, districts, new CreditHomeDistrict(credit, servedIn, home), servedIn, home);

    /// <summary>The revocation of a credit that went home, the same way as the credit.</summary>
    public static ValueTask SendHomeAsync(IMessageBus bus, DistrictSettings districts, RevokeServiceCredit revoke, string servedIn, string home) =>
        SendAsync(bus, districts, new RevokeHomeCredit(revoke, servedIn, home), servedIn, home);

    /// <summary>A gift given here to a relative homed elsewhere, to the receiver's home the same way as a credit.</summary>
    public static ValueTask SendHomeAsync(IMessageBus bus, DistrictSettings districts, ReceiveTransfer gift, string givenIn, string home) =>
        SendAsync(bus, districts, new GiftToHomeDistrict(gift, givenIn, home), givenIn, home);

    private static ValueTask SendAsync<TMessage>(IMessageBus bus, DistrictSettings districts, TMessage message, string servedIn, string home)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(districts);
        return bus.PublishAsync(message, new DeliveryOptions { TenantId = districts.IsConfigured(home) ? home : servedIn });
    }
}
