using Stateless;

namespace TimeBank.Ledger.Slots;

public enum AttendanceTrigger
{
    Withdraw,
    CheckIn,
    CheckOut,
    RecordNoShow,
}

/// <summary>
/// SignedUp → CheckedIn → CheckedOut; SignedUp → NoShow; SignedUp → (withdrawn: the place is given up). Built from the
/// attendance on demand; never persisted.
/// </summary>
public static class AttendanceLifecycle
{
    public static StateMachine<AttendanceStatus, AttendanceTrigger> For(Attendance attendance)
    {
        ArgumentNullException.ThrowIfNull(attendance);
        var machine = new StateMachine<AttendanceStatus, AttendanceTrigger>(() => attendance.Status, _ => { });

        machine.Configure(AttendanceStatus.SignedUp)
            .Permit(AttendanceTrigger.CheckIn, AttendanceStatus.CheckedIn)
            .Permit(AttendanceTrigger.RecordNoShow, AttendanceStatus.NoShow)
            .PermitReentry(AttendanceTrigger.Withdraw);

        machine.Configure(AttendanceStatus.CheckedIn)
            .Permit(AttendanceTrigger.CheckOut, AttendanceStatus.CheckedOut);

        machine.Configure(AttendanceStatus.CheckedOut);
        machine.Configure(AttendanceStatus.NoShow);
        return machine;
    }

    public static bool Can(Attendance attendance, AttendanceTrigger trigger) => For(attendance).CanFire(trigger);
}
