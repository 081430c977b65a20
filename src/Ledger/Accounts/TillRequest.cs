using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Accounts;

/// <summary>
/// What a till's request must be before anything is looked up (docs/adr/0011-till-redemptions.md): sent by a merchant's
/// cashier, with the till's own idempotency key, and, to hold points, a code no longer than a volunteer's app shows.
/// </summary>
public static class TillRequest
{
    /// <summary>The longest text looked up as a code; anything longer is bad input, not a guess.</summary>
    public const int MaxCodeLength = 32;

    /// <summary>
    /// The code as a cashier or a scanner may type it ("2321 5774", "2321-5774"): its spaces and dashes are only grouping,
    /// so they are dropped before the code is checked or looked up.
    /// </summary>
    public static string CodeAsTyped(string? typed) =>
        string.Concat((typed ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c != '-'));

    /// <summary>The merchant a hold at the till is for: the cashier's own.</summary>
    public static Guid MerchantHolding(Actor actor, string? code, Guid tillRequestId)
    {
        var merchantId = actor.MerchantId
            ?? throw new LedgerRefusal(RefusalCodes.NotCashierOfMerchant, "Only a cashier of a merchant holds points at its till.");
        RequireKey(tillRequestId);
        if (string.IsNullOrEmpty(code) || code.Length > MaxCodeLength)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidInput, "code is the volunteer's one-time code: the digits their app shows.");
        }

        return merchantId;
    }

    /// <summary>
    /// The volunteer whose live code the till sent, as found by the code (null when nobody holds it). A code nobody holds
    /// is refused like a wrong one, so a guessing till learns nothing.
    /// </summary>
    public static Guid VolunteerHolding(Guid? codeHolder) => codeHolder ?? throw VolunteerAccountDecider.CodeInvalid();

    /// <summary>A till names each request with a key of its own, so that sending it again does it once.</summary>
    public static void RequireKey(Guid tillRequestId)
    {
        if (tillRequestId == Guid.Empty)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidInput, "tillRequestId is the till's own idempotency key: a new non-empty UUID per request.");
        }
    }

    /// <summary>
    /// A till's command on a hold (complete, void, refund) as the account decides it: on the hold's account, which the
    /// till never names. A hold that does not exist is <see cref="RefusalCodes.NotFound"/>, as another merchant's hold is;
    /// a refund without its till request id is bad input before anything is looked up.
    /// </summary>
    public static VolunteerAccountCommand OnHoldsAccount(VolunteerAccountCommand command, Hold? hold)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command is RefundPoints refund)
        {
            RequireKey(refund.TillRequestId);
        }

        var holdId = VolunteerAccountDecider.HoldConcerned(command)
            ?? throw new ArgumentException($"{command.GetType().Name} names no hold.", nameof(command));
        return command with { VolunteerId = hold?.VolunteerId ?? throw new LedgerRefusal(RefusalCodes.NotFound, $"Hold {holdId} was not found.") };
    }
}
