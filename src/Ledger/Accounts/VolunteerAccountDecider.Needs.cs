using TimeBank.Ledger.Policies;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Accounts;

// The account's side of a resident's need (ADR 0044), decided by NeedDecider together with the need.
public static partial class VolunteerAccountDecider
{
    /// <summary>Hold <paramref name="minutes"/> of the resident's available time credits for their need.</summary>
    public static TimeCreditsEscrowed Escrow(VolunteerAccount resident, Guid needId, Guid communityId, long minutes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(resident);
        if (minutes > resident.AvailableTimeCredits)
        {
            throw new LedgerRefusal(
                RefusalCodes.InsufficientTimeCredits, $"The need asks for {minutes} minutes; {resident.AvailableTimeCredits} time credits are available.");
        }

        return new TimeCreditsEscrowed(
            resident.Id, needId, communityId, minutes, [.. Posting.Of(AccountId.Volunteer(resident.Id), AccountId.Escrow(needId), LedgerUnit.TimeCredits, minutes)], now);
    }

    /// <summary>The whole escrow of a need back to the resident; nothing when it is no longer held.</summary>
    public static VolunteerAccountEvent[] ReleaseEscrow(VolunteerAccount resident, Guid needId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(resident);
        if (!resident.Escrows.TryGetValue(needId, out var minutes))
        {
            return [];
        }

        var debtRepaid = Math.Min(resident.TimeCreditDebt, minutes);
        return [new EscrowReleased(
            resident.Id, needId, minutes, debtRepaid, [.. Posting.Of(AccountId.Escrow(needId), AccountId.Volunteer(resident.Id), LedgerUnit.TimeCredits, minutes)], now)];
    }

    /// <summary>
    /// The escrow of a need pays <paramref name="paid"/> minutes to the transit account of <paramref name="transferId"/>,
    /// and the rest back to the resident; nothing when it is no longer held.
    /// </summary>
    public static VolunteerAccountEvent[] PayEscrow(VolunteerAccount resident, Guid needId, Guid transferId, Guid volunteerId, long paid, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(resident);
        if (!resident.Escrows.TryGetValue(needId, out var minutes))
        {
            return [];
        }

        var released = minutes - paid;
        var debtRepaid = Math.Min(resident.TimeCreditDebt, released);
        Posting[] postings =
        [
            .. Posting.Of(AccountId.Escrow(needId), AccountId.Transit(transferId), LedgerUnit.TimeCredits, paid),
            .. Posting.Of(AccountId.Escrow(needId), AccountId.Volunteer(resident.Id), LedgerUnit.TimeCredits, released),
        ];
        return [new EscrowPaid(resident.Id, needId, transferId, volunteerId, paid, released, debtRepaid, postings, now)];
    }

    /// <summary>
    /// The volunteer's side of a payment: from the transit account onto theirs, debt first, above the cap to their home
    /// community's pool. Receiving the same transfer again (or nothing) changes nothing.
    /// </summary>
    public static VolunteerAccountEvent[] ReceiveNeedPayment(
        VolunteerAccount volunteer, Guid needId, Guid transferId, Guid fromVolunteerId, long minutes, LedgerPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        ArgumentNullException.ThrowIfNull(policy);
        if (minutes <= 0 || volunteer.ReceivedTransfers.Contains(transferId))
        {
            return [];
        }

        var (debtRepaid, kept, toPool) = Earned(volunteer, minutes, policy);
        Posting[] postings =
        [
            .. Posting.Of(AccountId.Transit(transferId), AccountId.Volunteer(volunteer.Id), LedgerUnit.TimeCredits, debtRepaid + kept),
            .. Posting.Of(AccountId.Transit(transferId), AccountId.Pool(volunteer.HomeCommunityId), LedgerUnit.TimeCredits, toPool),
        ];
        return [new NeedPaymentReceived(volunteer.Id, needId, transferId, fromVolunteerId, minutes, debtRepaid, toPool, postings, now)];
    }
}
