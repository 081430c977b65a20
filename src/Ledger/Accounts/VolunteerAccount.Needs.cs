using System.Collections.Immutable;

namespace TimeBank.Ledger.Accounts;

public sealed partial record VolunteerAccount
{
    /// <summary>The open escrows of the member's needs, by need id: minutes posted off the account, not yet paid or released.</summary>
    public ImmutableDictionary<Guid, long> Escrows { get; init; } = ImmutableDictionary<Guid, long>.Empty;

    /// <summary>The transfers this account received, so that receiving one again changes nothing.</summary>
    public ImmutableHashSet<Guid> ReceivedTransfers { get; init; } = [];

    /// <summary>Time credits held in escrow for the member's open needs: still promised to them or their volunteer.</summary>
    public long EscrowedTimeCredits => Escrows.Values.Sum();

    private VolunteerAccount Post(INeedAccountEvent needEvent) => needEvent switch
    {
        TimeCreditsEscrowed e => this with { TimeCredits = TimeCredits - e.Minutes, Escrows = Escrows.Add(e.NeedId, e.Minutes) },
        EscrowReleased e => Returned(e.Minutes, e.TimeCreditDebtRepaid) with { Escrows = Escrows.Remove(e.NeedId) },
        EscrowPaid e => Returned(e.Released, e.TimeCreditDebtRepaid) with { Escrows = Escrows.Remove(e.NeedId) },
        NeedPaymentReceived e => Returned(e.Minutes - e.TimeCreditsToPool, e.TimeCreditDebtRepaid) with
        {
            ReceivedTransfers = ReceivedTransfers.Add(e.TransferId),
        },
        _ => throw new UnknownEventException($"{nameof(VolunteerAccount)}.{nameof(Evolve)}", needEvent),
    };

    /// <summary>Minutes coming onto the account: they repay debt first.</summary>
    private VolunteerAccount Returned(long minutes, long debtRepaid) => this with
    {
        TimeCredits = checked(TimeCredits + minutes - debtRepaid),
        TimeCreditDebt = TimeCreditDebt - debtRepaid,
    };
}
