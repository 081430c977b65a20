using GraphQL.Types;
using TimeBank.Api.Accounts;
using TimeBank.Api.Accounts.Redemptions;
using TimeBank.Api.Certificates;
using TimeBank.Api.Certificates.Bulk;
using TimeBank.Api.Commendations;
using TimeBank.Api.Communities;
using TimeBank.Api.Gifts;
using TimeBank.Api.Merchants;
using TimeBank.Api.Needs;
using TimeBank.Api.ServiceRecords;
using TimeBank.Api.Slots;

namespace TimeBank.Api.GraphQL;

/// <summary>
/// The mutations, one per use case, in the schema's order. Each use case's file declares its field, its input and its
/// payload (e.g. ServiceRecords/SubmitServiceRecord.cs, with <see cref="MutationFields"/>); adding one is its file and its
/// line here.
/// </summary>
public sealed class LedgerMutation : ObjectGraphType
{
    public LedgerMutation()
    {
        Name = "Mutation";
        Description = "One mutation per use case. Each takes a `commandId` (a UUID: sending it again returns the first outcome) and answers "
            + "a refusal as an error whose `extensions.code` says why; a refused command writes nothing. Every mutation may also answer "
            + "`UNAUTHENTICATED`, `FORBIDDEN`, `UNAVAILABLE` and `INTERNAL`.";

        RegisterCommunityField.Add(this);
        AssignStaffField.Add(this);
        PublishProjectField.Add(this);
        RegisterVolunteerField.Add(this);
        ErasePersonalDataField.Add(this);

        SubmitServiceRecordField.Add(this);
        VerifyServiceRecordsField.Add(this);
        RejectServiceRecordField.Add(this);
        RevokeServiceRecordField.Add(this);
        ContestServiceRecordField.Add(this);
        AmendServiceRecordField.Add(this);

        RegisterMerchantField.Add(this);
        ApproveMerchantField.Add(this);
        SuspendMerchantField.Add(this);
        ReinstateMerchantField.Add(this);

        // The love bank: the same commands as the till's HTTP API (Accounts/Redemptions/TillEndpoints.cs).
        IssueRedemptionCodeField.Add(this);
        HoldPointsField.Add(this);
        CompleteHoldField.Add(this);
        VoidHoldField.Add(this);
        RefundRedemptionField.Add(this);

        RequestCertificateField.Add(this);
        IssueCertificateField.Add(this);
        IssueStarCertificateField.Add(this);
        DeclineCertificateRequestField.Add(this);
        RevokeCertificateField.Add(this);
        StartBulkIssuanceField.Add(this);

        GrantCommendationField.Add(this);
        WithdrawCommendationField.Add(this);

        LeavePublicBoardsField.Add(this);
        RejoinPublicBoardsField.Add(this);

        RegisterSocialOrganizationField.Add(this);
        SuspendSocialOrganizationField.Add(this);
        ReinstateSocialOrganizationField.Add(this);
        DissolveSocialOrganizationField.Add(this);
        RegisterServiceStationField.Add(this);
        AttestStationHaveField.Add(this);
        WithdrawStationHaveField.Add(this);

        // The time bank's slots and skills (ADR 0043).
        PublishSlotField.Add(this);
        SignUpForSlotField.Add(this);
        WithdrawFromSlotField.Add(this);
        CheckInToSlotField.Add(this);
        CheckOutOfSlotField.Add(this);
        RecordNoShowField.Add(this);
        CancelSlotField.Add(this);
        VerifySlotRecordsField.Add(this);
        DeclareSkillField.Add(this);
        WithdrawSkillField.Add(this);
        ConfirmSkillField.Add(this);
        // Residents' needs: escrow, payment, disputes (Needs/, ADR 0044).
        PostNeedField.Add(this);
        AcceptNeedField.Add(this);
        ConfirmNeedField.Add(this);
        CancelNeedField.Add(this);
        DisputeNeedField.Add(this);
        DecideNeedDisputeField.Add(this);
        // The time bank's gifts (ADR 0045).
        RecordRelationField.Add(this);
        ConfirmRelationField.Add(this);
        EndRelationField.Add(this);
        GiveGiftField.Add(this);
        DonateTimeCreditsField.Add(this);
        GrantFromPoolField.Add(this);
    }
}
