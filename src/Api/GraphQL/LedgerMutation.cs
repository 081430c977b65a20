using GraphQL;
using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.PersonalData;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.ServiceRecords;
using Redemptions = TimeBank.Api.Accounts.Redemptions;

namespace TimeBank.Api.GraphQL;

/// <summary>
/// One mutation per use case: build the command with the actor from the claims, send it, answer the outcome. The rules
/// (who may, what is valid) are the domain's; a refusal comes back as an error whose code is the refusal's.
/// </summary>
public sealed partial class LedgerMutation : ObjectGraphType
{
    public LedgerMutation()
    {
        Name = "Mutation";
        Description = "One mutation per use case. Each takes a `commandId` (a UUID: sending it again returns the first outcome) and answers "
            + "a refusal as an error whose `extensions.code` says why; a refused command writes nothing. Every mutation may also answer "
            + "`UNAUTHENTICATED`, `FORBIDDEN`, `UNAVAILABLE` and `INTERNAL`.";

        Mutation<RegisterCommunityInputType, RegisterCommunityInput, CommunityPayloadType, Community>(
            "registerCommunity", "A city admin registers a community. Refusals: `ALREADY_EXISTS`, `INVALID_INPUT` (a blank name, street or district), `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new RegisterCommunity(i.CommunityId ?? i.CommandId, i.Name, i.Street, i.District, actor)),
            LoadCommunityAsync);

        Mutation<AssignStaffInputType, AssignStaffInput, CommunityPayloadType, Community>(
            "assignStaff", "A city admin assigns a staff member to a community. Refusals: `NOT_FOUND`.",
            (actor, i) => Idempotent.Of(i.CommandId, new AssignStaff(i.CommunityId, i.StaffId, actor)),
            LoadCommunityAsync);

        Mutation<PublishProjectInputType, PublishProjectInput, ProjectPayloadType, Project>(
            "publishProject", "Staff publish a service project of their community. Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `ALREADY_EXISTS`, `INVALID_INPUT` (blank text), `INVALID_AMOUNT`, `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new PublishProject(i.ProjectId ?? i.CommandId, i.CommunityId, i.Name, i.Category,
                i.PointsCoefficientPercent, i.EarnsTimeCredits, i.Place, actor)),
            (session, _, outcome, token) => LoadAsync<Project>(session, outcome, token));

        Mutation<RegisterVolunteerInputType, RegisterVolunteerInput, AccountPayloadType, VolunteerAccount>(
            "registerVolunteer", "Staff register a volunteer in their community; the account works in every community of the city. Refusals: `NOT_STAFF_OF_COMMUNITY`, `ALREADY_EXISTS`, `INVALID_INPUT`, `INVALID_NAME`, `INVALID_PHONE`, `INVALID_NATIONAL_ID`.",
            (actor, i) => Idempotent.Of(i.CommandId, new RegisterVolunteer(i.VolunteerId, i.HomeCommunityId, i.VolunteerNumber, actor,
                new PersonalDetails(i.DisplayName, i.Phone, i.NationalIdType, i.NationalId))),
            LoadAccountAsync);

        Mutation<ErasePersonalDataInputType, ErasePersonalDataInput, AccountPayloadType, VolunteerAccount>(
            "erasePersonalData", "A city admin or staff of the home community erase a volunteer's name, phone and ID for good "
                + "(their data key is destroyed); hours, credits, points, stars and history stay. Refusals: `NOT_FOUND`.",
            (actor, i) => Idempotent.Of(i.CommandId, new ErasePersonalData(i.VolunteerId, actor)),
            LoadAccountAsync);

        Mutation<SubmitServiceRecordInputType, SubmitServiceRecordInput, ServiceRecordPayloadType, ServiceRecord>(
            "submitServiceRecord", "Staff record a volunteer's service in one of their community's projects (谁组织谁记录). Refusals: `PROJECT_NOT_FOUND`, "
                + "`NOT_STAFF_OF_COMMUNITY`, `VOLUNTEER_NOT_FOUND`, `ALREADY_EXISTS`, `INVALID_INPUT` (blank content or person in charge), `TEXT_TOO_LONG`, "
                + "`RECORD_ENDS_BEFORE_START`, `RECORD_IN_FUTURE`, `RECORD_TOO_LONG`, `RECORD_MINUTES_INVALID`, `RECORD_OVERLAPS`, `INVALID_AMOUNT`.",
            (actor, i) => Idempotent.Of(i.CommandId, new SubmitServiceRecord(i.RecordId ?? i.CommandId, i.VolunteerId, i.ProjectId, i.StartedAt, i.EndedAt,
                Amounts.MinutesIn(i.MinutesServed, "minutesServed"), i.Content, i.Place, i.RecipientId, i.QualityRating, i.PersonInCharge, actor)),
            LoadRecordAsync);

        Mutation<VerifyServiceRecordsInputType, VerifyServiceRecordsInput, VerifyServiceRecordsPayloadType, IReadOnlyList<Guid>>(
            "verifyServiceRecords", "Staff of the records' community verify them, all or none; each record is credited to its volunteer's account in the same transaction. "
                + "Refusals: `EMPTY_BATCH`, `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `OWN_RECORD`, `INVALID_RECORD_STATE`.",
            (actor, i) => Idempotent.Of(i.CommandId, new VerifyServiceRecords(i.RecordIds, actor)),
            (_, _, outcome, _) => Task.FromResult<IReadOnlyList<Guid>?>(outcome.Streams));

        Mutation<RejectServiceRecordInputType, RecordReasonInput, ServiceRecordPayloadType, ServiceRecord>(
            "rejectServiceRecord", "Staff of the record's community reject a submitted record, with a reason. Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `REASON_REQUIRED`, `TEXT_TOO_LONG`, `INVALID_RECORD_STATE`.",
            (actor, i) => Idempotent.Of(i.CommandId, new RejectServiceRecord(i.RecordId, i.Reason, actor)),
            LoadRecordAsync);

        Mutation<RevokeServiceRecordInputType, RecordReasonInput, ServiceRecordPayloadType, ServiceRecord>(
            "revokeServiceRecord", "Staff of the record's community revoke a credited record, with a reason; the account is compensated in the same transaction. "
                + "Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `REASON_REQUIRED`, `TEXT_TOO_LONG`, `ALREADY_REVOKED`, `INVALID_RECORD_STATE`.",
            (actor, i) => Idempotent.Of(i.CommandId, new RevokeServiceRecord(i.RecordId, i.Reason, actor)),
            LoadRecordAsync);

        Mutation<ContestServiceRecordInputType, RecordReasonInput, ServiceRecordPayloadType, ServiceRecord>(
            "contestServiceRecord", "A volunteer points out an error or omission in their record. Refusals: `NOT_FOUND`, `FORBIDDEN` (not their record), `REASON_REQUIRED`, `TEXT_TOO_LONG`, `INVALID_RECORD_STATE`.",
            (actor, i) => Idempotent.Of(i.CommandId, new ContestServiceRecord(i.RecordId, i.Reason, actor)),
            LoadRecordAsync);

        Mutation<AmendServiceRecordInputType, AmendServiceRecordInput, ServiceRecordPayloadType, ServiceRecord>(
            "amendServiceRecord", "Staff of the record's community amend it; the original stays in its history. Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, "
                + "`REASON_REQUIRED` (no note), `INVALID_INPUT` (blank content), `TEXT_TOO_LONG`, `INVALID_RECORD_STATE`, and the time refusals of `submitServiceRecord`.",
            (actor, i) => Idempotent.Of(i.CommandId, new AmendServiceRecord(i.RecordId, i.StartedAt, i.EndedAt,
                Amounts.MinutesIn(i.MinutesServed, "minutesServed"), i.Content, i.Note, actor)),
            LoadRecordAsync);

        Mutation<RegisterMerchantInputType, RegisterMerchantInput, MerchantPayloadType, Merchant>(
            "registerMerchant", "Staff of the community (or a city admin) register a merchant; it redeems nothing until approved. Refusals: `NOT_STAFF_OF_COMMUNITY`, `ALREADY_EXISTS`, `INVALID_INPUT` (a blank name), `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new RegisterMerchant(i.MerchantId ?? i.CommandId, i.CommunityId, i.Name, actor)),
            LoadMerchantAsync);

        Mutation<ApproveMerchantInputType, MerchantInput, MerchantPayloadType, Merchant>(
            "approveMerchant", "Staff of the merchant's community (or a city admin) approve a pending merchant. Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `INVALID_MERCHANT_STATE`.",
            (actor, i) => Idempotent.Of(i.CommandId, new ApproveMerchant(i.MerchantId, actor)),
            LoadMerchantAsync);

        Mutation<SuspendMerchantInputType, SuspendMerchantInput, MerchantPayloadType, Merchant>(
            "suspendMerchant", "Staff of the merchant's community (or a city admin) suspend an approved merchant, with a reason: "
                + "it no longer holds or completes redemptions, but may still void and refund. "
                + "Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `REASON_REQUIRED`, `TEXT_TOO_LONG`, `INVALID_MERCHANT_STATE`.",
            (actor, i) => Idempotent.Of(i.CommandId, new SuspendMerchant(i.MerchantId, i.Reason, actor)),
            LoadMerchantAsync);

        Mutation<ReinstateMerchantInputType, MerchantInput, MerchantPayloadType, Merchant>(
            "reinstateMerchant", "Staff of the merchant's community (or a city admin) reinstate a suspended merchant. Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `INVALID_MERCHANT_STATE`.",
            (actor, i) => Idempotent.Of(i.CommandId, new ReinstateMerchant(i.MerchantId, actor)),
            LoadMerchantAsync);

        // The love bank: the same commands as the till's HTTP API (Redemptions/TillEndpoints.cs).
        Mutation<IssueRedemptionCodeInputType, IssueRedemptionCodeInput, RedemptionCodePayloadType, RedemptionCodeView>(
            "issueRedemptionCode", "A volunteer asks for a new one-time code (digits and a QR code) to show at a merchant's till; earlier live codes stay live. Refused with TOO_MANY_LIVE_CODES at the district's limit.",
            (actor, i) => Idempotent.Of(i.CommandId, IssueRedemptionCode.Asked(actor)),
            LoadRedemptionCodeAsync);

        Field<HoldPointsInputType, HoldPointsInput, HoldPayloadType, Hold>(
            "holdPoints", "A merchant's cashier holds points with the volunteer's code; the till's request id makes a retry safe. Refusals: `NOT_CASHIER_OF_MERCHANT`, `INVALID_INPUT`, `INVALID_AMOUNT`, `MERCHANT_NOT_APPROVED`, `REDEMPTION_CODE_INVALID`, `TOO_MANY_CODE_ATTEMPTS`, `INSUFFICIENT_POINTS`, `IDEMPOTENCY_KEY_REUSED`.",
            async (context, actor, i) =>
            {
                var hold = Redemptions.TillRequests.Hold(actor, i.Code, i.Amount, i.TillRequestId);
                var outcome = await context.Service<CommandSender>().SendAsync(hold, context.CancellationToken);
                // The hold the command names: its id is the till's request.
                return (outcome, () => Redemptions.HoldReads.OwnHoldAsync(context.Service<IQuerySession>(), actor, hold.Command.HoldId, context.CancellationToken));
            });

        OnHold<CompleteHoldInputType, HoldCommandInput, CompleteHold>(
            "completeHold", "The cashier of the hold's merchant completes the sale: the held points go to the merchant. Refusals: `NOT_FOUND`, `MERCHANT_NOT_APPROVED`, `HOLD_ALREADY_ENDED`.",
            (actor, i) => Idempotent.Of(i.CommandId, CompleteHold.AtTill(actor, i.HoldId)));

        OnHold<VoidHoldInputType, HoldCommandInput, VoidHold>(
            "voidHold", "The cashier of the hold's merchant lets the hold go: the points are the volunteer's again. Refusals: `NOT_FOUND`, `HOLD_ALREADY_ENDED`.",
            (actor, i) => Idempotent.Of(i.CommandId, VoidHold.AtTill(actor, i.HoldId)));

        OnHold<RefundRedemptionInputType, RefundRedemptionInput, RefundPoints>(
            "refundRedemption", "The cashier of the hold's merchant gives back part or all of a completed redemption within the refund window (30 days). Refusals: `NOT_FOUND`, `INVALID_AMOUNT`, `HOLD_NOT_COMPLETED`, `REFUND_EXCEEDS_COMPLETED`, `REFUND_WINDOW_CLOSED`, `IDEMPOTENCY_KEY_REUSED`.",
            (actor, i) => Redemptions.TillRequests.Refund(actor, i.HoldId, i.Amount, i.TillRequestId));

        AddCertificateMutations();
        AddCommendationMutations();
        AddBoardMutations();
        AddCommunityBodyMutations();
    }

    /// <summary>Certificates (Certificates/CertificateMutations.cs).</summary>
    partial void AddCertificateMutations();

    /// <summary>Commendations (Commendations/CommendationMutations.cs).</summary>
    partial void AddCommendationMutations();

    /// <summary>Leaving and rejoining the public boards (Standings/BoardMutations.cs).</summary>
    partial void AddBoardMutations();

    /// <summary>Social organizations and service stations (Communities/CommunityBodyMutations.cs).</summary>
    partial void AddCommunityBodyMutations();

    private static async Task<RedemptionCodeView?> LoadRedemptionCodeAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation) =>
        outcome.IssuedCode is { } issued
        && await LoadAsync<VolunteerAccount>(session, outcome, cancellation) is { } account && account.Id == actor.PersonId
        // Not yet used (a hold removes its code); its expiresAt tells whether it is still live.
        && account.Codes.FirstOrDefault(unused => unused.Value == issued) is { } code
            ? new RedemptionCodeView(account.Id, code.Value, code.ExpiresAt, Redemptions.RedemptionCodeQr.Svg(code.Value))
            : null;

    private delegate Task<T?> LoadResult<T>(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation);

    /// <summary>A use case's command sent, and how to read its result once it is accepted.</summary>
    private delegate Task<(CommandOutcome Outcome, Func<Task<TResult?>> Result)> Send<TInput, TResult>(IResolveFieldContext context, Actor actor, TInput input);

    /// <summary>Declares <paramref name="name"/>(input: <typeparamref name="TInputType"/>!): <typeparamref name="TPayloadType"/>, a command on its own.</summary>
    private void Mutation<TInputType, TInput, TPayloadType, TResult>(
        string name, string description, Func<Actor, TInput, IIdempotent> command, LoadResult<TResult> load)
        where TInputType : IInputObjectGraphType
        where TPayloadType : IGraphType =>
        Field<TInputType, TInput, TPayloadType, TResult>(name, description, async (context, actor, input) =>
        {
            // The command's runtime type routes it to its handler.
            var outcome = await context.Service<CommandSender>().SendAsync(command(actor, input), context.CancellationToken);
            return (outcome, () => load(context.Service<IQuerySession>(), actor, outcome, context.CancellationToken));
        });

    /// <summary>
    /// A till's command on a hold, decided in the queue of the hold's account (Redemptions/AccountQueues.cs), as the till's
    /// HTTP API does: answered with the hold as the batch left it, no second read.
    /// </summary>
    private void OnHold<TInputType, TInput, TCommand>(string name, string description, Func<Actor, TInput, Idempotent<TCommand>> command)
        where TInputType : IInputObjectGraphType
        where TCommand : VolunteerAccountCommand, IActorCommand =>
        Field<TInputType, TInput, HoldPayloadType, Hold>(name, description, async (context, actor, input) =>
        {
            var answer = await context.Service<Redemptions.AccountQueues>().SendAsync(command(actor, input), context.CancellationToken);
            return (answer.Outcome, () => Task.FromResult(Redemptions.HoldReads.OwnHold(actor, answer.Hold)));
        });

    private void Field<TInputType, TInput, TPayloadType, TResult>(string name, string description, Send<TInput, TResult> send)
        where TInputType : IInputObjectGraphType
        where TPayloadType : IGraphType
    {
        Field<TPayloadType>(name)
            .Description(description)
            .Argument<NonNullGraphType<TInputType>>("input", "What the command needs; see the input type.")
            .ResolveAsync(async context =>
            {
                var actor = context.RequireActor();
                var input = context.GetArgument<TInput>("input");
                var (outcome, result) = await send(context, actor, input);
                if (!outcome.Accepted)
                {
                    // The times a refusal names, in the offset the caller wrote its own in (or China time).
                    throw SchemaErrors.Of(outcome.Code ?? RefusalCodes.Forbidden, CallerOffset.Show(outcome.Message ?? "The command was refused.", outcome.Times));
                }

                // What the request loaded before this mutation may have changed.
                context.Service<Loading.LedgerLoaders>().Forget();
                return new Payload<TResult>(outcome.CommandId, outcome.Replayed, await result());
            });
    }

    private static async Task<VolunteerAccount?> LoadAccountAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation) =>
        await LoadAsync<VolunteerAccount>(session, outcome, cancellation) is { } account && ReadAccess.CanReadAccount(actor, account) ? account : null;

    private static Task<Community?> LoadCommunityAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation) =>
        LoadAsync<Community>(session, outcome, cancellation);

    private static async Task<ServiceRecord?> LoadRecordAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation) =>
        await LoadAsync<ServiceRecord>(session, outcome, cancellation) is { } record && ReadAccess.CanReadRecord(actor, record) ? record : null;

    private static async Task<Merchant?> LoadMerchantAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation) =>
        await LoadAsync<Merchant>(session, outcome, cancellation) is { } merchant && ReadAccess.CanReadMerchant(actor, merchant) ? merchant : null;

    /// <summary>The document of the (single) stream the command touched.</summary>
    private static async Task<T?> LoadAsync<T>(IQuerySession session, CommandOutcome outcome, CancellationToken cancellation)
        where T : class =>
        outcome.Streams is [var id] ? await session.LoadAsync<T>(id, cancellation) : null;
}
