using Stateless;

namespace TimeBank.Ledger.ServiceRecords;

public enum RecordTrigger
{
    Verify,
    Reject,
    Credit,
    Revoke,
    Contest,
    Amend,
}

/// <summary>
/// Submitted → Verified → Credited → Revoked; Submitted → Rejected. A volunteer may contest a submitted, rejected
/// or credited record; staff amend a submitted record, or a contested rejected one, which returns it to Submitted.
/// A credited record is corrected by revoking it and recording the service again.
/// Built from the record's state on demand; never persisted.
/// </summary>
public static class ServiceRecordLifecycle
{
    public static StateMachine<RecordStatus, RecordTrigger> For(ServiceRecord record)
    {
        var machine = new StateMachine<RecordStatus, RecordTrigger>(() => record.Status, _ => { });

        machine.Configure(RecordStatus.Submitted)
            .Permit(RecordTrigger.Verify, RecordStatus.Verified)
            .Permit(RecordTrigger.Reject, RecordStatus.Rejected)
            .PermitReentry(RecordTrigger.Contest)
            .PermitReentry(RecordTrigger.Amend);

        machine.Configure(RecordStatus.Verified)
            .Permit(RecordTrigger.Credit, RecordStatus.Credited);

        machine.Configure(RecordStatus.Credited)
            .Permit(RecordTrigger.Revoke, RecordStatus.Revoked)
            .PermitReentry(RecordTrigger.Contest);

        machine.Configure(RecordStatus.Rejected)
            .PermitReentry(RecordTrigger.Contest)
            .PermitIf(RecordTrigger.Amend, RecordStatus.Submitted, () => record.Contested, "the volunteer contested the rejection");

        machine.Configure(RecordStatus.Revoked);

        return machine;
    }

    public static bool Can(ServiceRecord record, RecordTrigger trigger) => For(record).CanFire(trigger);
}
