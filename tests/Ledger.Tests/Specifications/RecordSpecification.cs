using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Ledger.Tests.Specifications;

/// <summary>Base of service record decider tests: Given(events).When(command).Then(events) at <see cref="City.Now"/>.</summary>
public abstract class RecordSpecification
{
    protected static readonly Guid RecordId = new("00000000-0000-0000-0000-0000000e0001");

    /// <summary>A city admin sees every record but is no community's staff.</summary>
    protected static Actors.Actor CityAdmin { get; } = Actors.Actor.CityAdmin(Guid.Parse("00000000-0000-0000-0000-0000000ad001"));

    protected static Scenario<ServiceRecordCommand, ServiceRecordEvent, ServiceRecord> Given(params ServiceRecordEvent[] events) =>
        GivenIn(City.Context(), events);

    protected static Scenario<ServiceRecordCommand, ServiceRecordEvent, ServiceRecord> GivenIn(
        RecordContext context, params ServiceRecordEvent[] events) =>
        new(events, ServiceRecord.Evolve, (command, state) => ServiceRecordDecider.Decide(command, state, City.Now, context));

    /// <summary>Ana served 90 minutes of eldercare at Riverside, from 3 h ago to 1 h ago, recorded by Riverside's staff.</summary>
    protected static ServiceRecordSubmitted Submitted(Guid? volunteerId = null, DateTimeOffset? at = null) =>
        new(RecordId, volunteerId ?? City.AnaId, City.Eldercare.Id, City.Riverside, City.Eldercare.Name, City.Eldercare.Category,
            City.Eldercare.PointsCoefficientPercent, City.Eldercare.EarnsTimeCredits, City.Eldercare.Place,
            City.HoursAgo(3), City.HoursAgo(1), 90, "Visited Mrs Li", null, 5, "Mr Wang", City.RiversideStaffId, at ?? City.Now);

    protected static SubmitServiceRecord Submit(
        DateTimeOffset? start = null, DateTimeOffset? end = null, long minutes = 90, Guid? volunteerId = null, Guid? projectId = null,
        Actors.Actor? actor = null) =>
        new(RecordId, volunteerId ?? City.AnaId, projectId ?? City.Eldercare.Id, start ?? City.HoursAgo(3), end ?? City.HoursAgo(1),
            minutes, "Visited Mrs Li", null, null, 5, "Mr Wang", actor ?? City.RiversideStaff);

    protected static ServiceRecordVerified Verified() => new(RecordId, City.AnaId, City.RiversideStaffId, City.Now);

    protected static ServiceRecordCredited Credited() => new(RecordId, City.AnaId, City.Now);

    protected static ServiceRecordRejected Rejected() => new(RecordId, "No sign-in sheet", City.RiversideStaffId, City.Now);

    protected static ServiceRecordContested Contested() => new(RecordId, "I was there; here is the photo", City.AnaId, City.Now);

    protected static ServiceRecordRevoked Revoked() => new(RecordId, City.AnaId, "Duplicate entry", City.RiversideStaffId, City.Now);

    /// <summary>Ana's 90 minutes, 135 points credited in her home district an hour after the verification here.</summary>
    protected static NoteCreditedAtHome CreditedHome() => new(RecordId, City.AnaId, City.Riverside, 90, 135, City.Now.AddHours(1));

    protected static NoteCreditRevokedAtHome RevokedHome() => new(RecordId, City.AnaId, City.Riverside, 90, 135, City.Now.AddHours(2));

    protected static ServiceCreditedAtHome CreditedAtHome() => new(RecordId, City.AnaId, City.Riverside, 90, 135, City.Now.AddHours(1));

    protected static ServiceCreditRevokedAtHome CreditRevokedAtHome() => new(RecordId, City.AnaId, City.Riverside, 90, 135, City.Now.AddHours(2));
}
