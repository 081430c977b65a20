using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.ServiceRecords;

/// <summary>Staff verify one or many records of one activity in one command: all or none, at most <see cref="MaxRecords"/>.</summary>
public static class VerificationBatch
{
    public const int MaxRecords = 1_000;

    /// <summary>The batch's records, each once, or a refusal when there are none or more than <see cref="MaxRecords"/>.</summary>
    public static IReadOnlyList<Guid> RecordsOf(IEnumerable<Guid> recordIds)
    {
        var ids = recordIds.Distinct().ToList();
        return ids.Count is 0 or > MaxRecords
            ? throw new LedgerRefusal(RefusalCodes.EmptyBatch, $"Verify between 1 and {MaxRecords} records at once; got {ids.Count}.")
            : ids;
    }

    /// <summary>One record of the batch verified; a refusal names the record and says that the whole batch stays unverified.</summary>
    public static ServiceRecordEvent[] Verify(Guid recordId, ServiceRecord? record, Actor actor, DateTimeOffset now)
    {
        try
        {
            return ServiceRecordDecider.Decide(new VerifyServiceRecord(recordId, actor), record, now);
        }
        catch (LedgerRefusal refusal)
        {
            throw new LedgerRefusal(refusal.Code, $"Record {recordId}: {refusal.Message} No record of this batch was verified.");
        }
    }

    /// <summary>What a verified record earns, asked of its volunteer's account.</summary>
    public static CreditService CreditFor(ServiceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new CreditService(record.VolunteerId, record.Id, record.CommunityId, record.MinutesServed.Value, record.Category,
            record.PointsCoefficientPercent, record.EarnsTimeCredits);
    }
}
