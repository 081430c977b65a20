using Marten;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Projections;

/// <summary>
/// The stored name of every event type, pinned: renaming or moving a class never orphans history.
/// A name, once used, never changes meaning; a new shape of an event gets a new name (v2) and an upcaster.
/// </summary>
public static class EventTypeNames
{
    public static IReadOnlyDictionary<Type, string> All { get; } = new Dictionary<Type, string>
    {
        [typeof(CommunityRegistered)] = "community_registered.v1",
        [typeof(StaffAssigned)] = "staff_assigned.v1",
        [typeof(ProjectPublished)] = "project_published.v1",
        [typeof(VolunteerRegistered)] = "volunteer_registered.v1",
        [typeof(ServiceCredited)] = "service_credited.v1",
        [typeof(ServiceCreditRevoked)] = "service_credit_revoked.v1",
        [typeof(PointsExpired)] = "points_expired.v1",
        [typeof(StarAwarded)] = "star_awarded.v1",
        [typeof(StarWithdrawn)] = "star_withdrawn.v1",
        [typeof(PersonalDataErased)] = "personal_data_erased.v1",
        [typeof(ServiceRecordSubmitted)] = "service_record_submitted.v1",
        [typeof(ServiceRecordVerified)] = "service_record_verified.v1",
        [typeof(ServiceRecordRejected)] = "service_record_rejected.v1",
        [typeof(ServiceRecordCredited)] = "service_record_credited.v1",
        [typeof(ServiceRecordRevoked)] = "service_record_revoked.v1",
        [typeof(ServiceRecordContested)] = "service_record_contested.v1",
        [typeof(ServiceRecordAmended)] = "service_record_amended.v1",
        [typeof(MerchantRegistered)] = "merchant_registered.v1",
        [typeof(MerchantApproved)] = "merchant_approved.v1",
        [typeof(MerchantSuspended)] = "merchant_suspended.v1",
        [typeof(MerchantReinstated)] = "merchant_reinstated.v1",
        [typeof(RedemptionCodeIssued)] = "redemption_code_issued.v1",
        [typeof(PointsHeld)] = "points_held.v1",
        [typeof(HoldCompleted)] = "hold_completed.v1",
        [typeof(HoldVoided)] = "hold_voided.v1",
        [typeof(HoldExpired)] = "hold_expired.v1",
        [typeof(PointsRefunded)] = "points_refunded.v1",
    };

    public static StoreOptions PinEventTypeNames(this StoreOptions options)
    {
        foreach (var (type, name) in All)
        {
            options.Events.MapEventType(type, name);
        }

        return options;
    }
}
