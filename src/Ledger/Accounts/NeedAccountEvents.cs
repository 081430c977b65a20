namespace TimeBank.Ledger.Accounts;

// A need's time credits move on the accounts (ADR 0044): the resident's stream holds the escrow and pays or releases it,
// the volunteer's stream receives the payment from the transit account, once per transfer.

/// <summary>An account event of a resident's need: <see cref="VolunteerAccount"/> folds each of them.</summary>
public interface INeedAccountEvent
{
    Guid NeedId { get; }
}

/// <summary>A resident's time credits held for their need: posted from their account to the need's escrow.</summary>
[StoredAs("time_credits_escrowed.v1")]
public sealed record TimeCreditsEscrowed(
    Guid VolunteerId, Guid NeedId, Guid CommunityId, long Minutes, IReadOnlyList<Posting> Postings, DateTimeOffset EscrowedAt)
    : VolunteerAccountEvent(VolunteerId), INeedAccountEvent, ILedgerTransaction;

/// <summary>
/// The whole escrow went back to the resident (cancelled, expired, or released by staff); it repays debt first
/// (<paramref name="TimeCreditDebtRepaid"/>).
/// </summary>
[StoredAs("escrow_released.v1")]
public sealed record EscrowReleased(
    Guid VolunteerId, Guid NeedId, long Minutes, long TimeCreditDebtRepaid, IReadOnlyList<Posting> Postings, DateTimeOffset ReleasedAt)
    : VolunteerAccountEvent(VolunteerId), INeedAccountEvent, ILedgerTransaction;

/// <summary>
/// The escrow paid <paramref name="Paid"/> minutes towards volunteer <paramref name="PaidTo"/> (to the transit account
/// of <paramref name="TransferId"/>); the rest of a split, <paramref name="Released"/>, went back to the resident.
/// </summary>
[StoredAs("escrow_paid.v1")]
public sealed record EscrowPaid(
    Guid VolunteerId,
    Guid NeedId,
    Guid TransferId,
    Guid PaidTo,
    long Paid,
    long Released,
    long TimeCreditDebtRepaid,
    IReadOnlyList<Posting> Postings,
    DateTimeOffset PaidAt) : VolunteerAccountEvent(VolunteerId), INeedAccountEvent, ILedgerTransaction;

/// <summary>
/// A volunteer received a need's payment from the transit account of <paramref name="TransferId"/>: it repays debt first,
/// and what is above the account's cap goes to their home community's pool, as earnings do. Once per transfer.
/// </summary>
[StoredAs("need_payment_received.v1")]
public sealed record NeedPaymentReceived(
    Guid VolunteerId,
    Guid NeedId,
    Guid TransferId,
    Guid FromVolunteerId,
    long Minutes,
    long TimeCreditDebtRepaid,
    long TimeCreditsToPool,
    IReadOnlyList<Posting> Postings,
    DateTimeOffset ReceivedAt) : VolunteerAccountEvent(VolunteerId), INeedAccountEvent, ILedgerTransaction;
