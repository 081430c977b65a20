using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Ledger.Tests.Specifications;

/// <summary>The fixed city of the decider tests: two communities, their staff, two volunteers, a project in each.</summary>
public static class City
{
    public static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    public static readonly Guid Riverside = new("00000000-0000-0000-0000-00000000c001");
    public static readonly Guid Hillside = new("00000000-0000-0000-0000-00000000c002");

    public static readonly Guid RiversideStaffId = new("00000000-0000-0000-0000-00000000f001");
    public static readonly Guid HillsideStaffId = new("00000000-0000-0000-0000-00000000f002");
    public static readonly Guid AnaId = new("00000000-0000-0000-0000-00000000a001");
    public static readonly Guid BenId = new("00000000-0000-0000-0000-00000000a002");

    public static Actor RiversideStaff { get; } = Actor.Staff(RiversideStaffId, Riverside);
    public static Actor HillsideStaff { get; } = Actor.Staff(HillsideStaffId, Hillside);
    public static Actor Ana { get; } = Actor.Volunteer(AnaId);
    public static Actor Ben { get; } = Actor.Volunteer(BenId);

    /// <summary>Ana also works at Riverside's station: staff, but never of her own records.</summary>
    public static Actor AnaAsStaff { get; } = Actor.Staff(AnaId, Riverside);

    /// <summary>Eldercare at Riverside: coefficient 1.5, earns time credits.</summary>
    public static Project Eldercare { get; } =
        new(new Guid("00000000-0000-0000-0000-00000000b001"), Riverside, "Eldercare visits", "eldercare", 150, true, "Riverside station");

    public static Project Tutoring { get; } =
        new(new Guid("00000000-0000-0000-0000-00000000b002"), Hillside, "Homework club", "tutoring", 100, true, "Hillside school");

    public static RecordContext Context(Project? project = null, bool registered = true, params ServiceInterval[] schedule) =>
        new(project ?? Eldercare, registered, schedule, LedgerPolicy.Default);

    public static DateTimeOffset HoursAgo(double hours) => Now.AddHours(-hours);
}
