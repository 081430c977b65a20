using System.Collections.Immutable;

namespace TimeBank.Ledger.Accounts;

/// <summary>What the time bank's transfers left on an account: gifts per calendar year (China time) and the transfers seen.</summary>
/// <param name="GivenByYear">Time credits given to relatives, per calendar year: the yearly cap counts these.</param>
/// <param name="ReceivedByYear">Time credits received from relatives, per calendar year.</param>
/// <param name="Donated">Time credits donated to community pools, ever.</param>
/// <param name="GrantsReceived">Time credits granted from community pools, ever.</param>
/// <param name="Transfers">Every transfer this account sent or received (or turned back): a transfer is posted once on each side.</param>
public sealed record TransferLedger(
    ImmutableDictionary<int, long> GivenByYear,
    ImmutableDictionary<int, long> ReceivedByYear,
    long Donated,
    long GrantsReceived,
    ImmutableHashSet<Guid> Transfers)
{
    public static TransferLedger None { get; } = new(
        ImmutableDictionary<int, long>.Empty, ImmutableDictionary<int, long>.Empty, 0, 0, ImmutableHashSet<Guid>.Empty);

    /// <summary>Gifts given that came back from the receiver's district (ADR 0047): each comes back once.</summary>
    public ImmutableHashSet<Guid> Returned { get; init; } = [];

    public long GivenIn(int year) => GivenByYear.GetValueOrDefault(year);

    public long ReceivedIn(int year) => ReceivedByYear.GetValueOrDefault(year);
}

public sealed partial record VolunteerAccount
{
    /// <summary>Gifts, donations and grants (ADR 0045).</summary>
    public TransferLedger Transfers { get; init; } = TransferLedger.None;

    private VolunteerAccount PostTransfer(VolunteerAccountEvent @event) => @event switch
    {
        GiftGiven g => Sent(g.TransferId, g.TimeCredits) with
        {
            Transfers = Sent(g.TransferId, g.TimeCredits).Transfers with
            {
                GivenByYear = Transfers.GivenByYear.SetItem(g.Year, checked(Transfers.GivenIn(g.Year) + g.TimeCredits)),
            },
        },
        TimeCreditsDonated d => Sent(d.TransferId, d.TimeCredits) with
        {
            Transfers = Sent(d.TransferId, d.TimeCredits).Transfers with { Donated = checked(Transfers.Donated + d.TimeCredits) },
        },
        GiftReceived r => Received(r.TransferId, r.TimeCredits, r.TimeCreditDebtRepaid) with
        {
            Transfers = Received(r.TransferId, r.TimeCredits, r.TimeCreditDebtRepaid).Transfers with
            {
                ReceivedByYear = Transfers.ReceivedByYear.SetItem(r.Year, checked(Transfers.ReceivedIn(r.Year) + r.TimeCredits)),
            },
        },
        PoolGrantReceived p => Received(p.TransferId, p.TimeCredits, p.TimeCreditDebtRepaid) with
        {
            Transfers = Received(p.TransferId, p.TimeCredits, p.TimeCreditDebtRepaid).Transfers with
            {
                GrantsReceived = checked(Transfers.GrantsReceived + p.TimeCredits),
            },
        },
        GiftReturned r => this with
        {
            TimeCredits = checked(TimeCredits + r.TimeCredits - r.TimeCreditDebtRepaid),
            TimeCreditDebt = TimeCreditDebt - r.TimeCreditDebtRepaid,
            Transfers = Transfers with
            {
                GivenByYear = Transfers.GivenByYear.SetItem(r.Year, Transfers.GivenIn(r.Year) - r.TimeCredits),
                Returned = Transfers.Returned.Add(r.TransferId),
            },
        },
        GiftTurnedBack t => this with { Transfers = Transfers with { Transfers = Transfers.Transfers.Add(t.TransferId) } },
        _ => throw new UnknownEventException($"{nameof(VolunteerAccount)}.{nameof(PostTransfer)}", @event),
    };

    private VolunteerAccount Sent(Guid transferId, long amount) => this with
    {
        TimeCredits = TimeCredits - amount,
        Transfers = Transfers with { Transfers = Transfers.Transfers.Add(transferId) },
    };

    /// <summary>What comes in repays a debt first, as earnings do.</summary>
    private VolunteerAccount Received(Guid transferId, long amount, long debtRepaid) => this with
    {
        TimeCredits = checked(TimeCredits + amount - debtRepaid),
        TimeCreditDebt = TimeCreditDebt - debtRepaid,
        Transfers = Transfers with { Transfers = Transfers.Transfers.Add(transferId) },
    };
}
