using GraphQL;
using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Policies;
using Wolverine;

namespace TimeBank.Api.Accounts.Redemptions;

/// <summary>
/// A cashier holds points with the code the volunteer shows: the ledger's <see cref="HoldPoints"/>, sent as the till
/// asked it (<see cref="TillRequests.Hold"/>). The command id is the till's request (merchant, till request id), and it
/// is also the hold's id: the same request again is the same hold. The host finds the code's volunteer, and schedules the
/// hold's expiry as a durable message in the same transaction. A wrong code counts against the merchant, in the
/// transaction of its remembered refusal. Districts mode: a code issued in another district is held there
/// (<see cref="Districts.RedemptionsAcrossDistricts"/>, ADR 0048).
/// </summary>
public static class HoldPointsHandler
{
    public static async Task<Accepted> Handle(
        HoldPoints command, IDocumentSession session, PolicyBook policies, CodeAttempts attempts, IMessageBus bus,
        Districts.RedemptionsAcrossDistricts abroad, TimeProvider clock, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        try
        {
            var merchantId = TillRequest.MerchantHolding(command.Actor, command.Code, command.TillRequestId);
            await attempts.RequireUnderLimitAsync(session, merchantId, now, cancellation);

            var lookup = await session.LoadAsync<RedemptionCodeLookup>(command.Code, cancellation);
            if (lookup is null && abroad.IsOn && await abroad.DistrictOfCodeAsync(command.Code, cancellation) is { } home
                && !string.Equals(home, session.TenantId, StringComparison.Ordinal))
            {
                // The code's volunteer is homed in another district: the hold is decided there (ADR 0048); this district
                // keeps its copy at once, and the home district's outbox tells it again.
                var hold = await abroad.HoldAsync(command with { MerchantId = merchantId }, session, home, policies, now, cancellation);
                await Districts.RedemptionsAcrossDistricts.RecordAtMerchantAsync(session, hold, [], cancellation);
                return new Accepted(hold.VolunteerId, command.HoldId);
            }

            var volunteerId = TillRequest.VolunteerHolding(lookup?.VolunteerId);
            var (_, events) = await AccountDecisions.DecideAsync(
                session, policies, command with { VolunteerId = volunteerId, MerchantId = merchantId }, now, cancellation);

            if (events.OfType<PointsHeld>().SingleOrDefault() is { } held)
            {
                session.Delete(lookup!); // found, or VolunteerHolding refused
                await bus.ScheduleAsync(new ExpireHold(volunteerId, held.HoldId), held.ExpiresAt);
            }

            // Else already held for this till request (its record of the outcome was lost): the first hold stands.
            return new Accepted(volunteerId, command.HoldId);
        }
        catch (LedgerRefusal refusal) when (CodeGuessingLimit.IsWrongCode(refusal.Code) && command.Actor.MerchantId is { } guesser)
        {
            throw refusal.WithWrites((refused, token) => CodeAttempts.CountFailureAsync(refused, guesser, now, token));
        }
    }
}

public static class HoldPointsField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<HoldPointsInputType, HoldPointsInput, HoldPayloadType, Hold>(
            "holdPoints", "A merchant's cashier holds points with the volunteer's code; the till's request id makes a retry safe. Refusals: `NOT_CASHIER_OF_MERCHANT`, `INVALID_INPUT`, `INVALID_AMOUNT`, `MERCHANT_NOT_APPROVED`, `REDEMPTION_CODE_INVALID`, `TOO_MANY_CODE_ATTEMPTS`, `INSUFFICIENT_POINTS`, `IDEMPOTENCY_KEY_REUSED`.",
            async (context, actor, i) =>
            {
                var hold = TillRequests.Hold(actor, i.Code, i.Amount, i.TillRequestId);
                var outcome = await context.Service<CommandSender>().SendAsync(hold, context.CancellationToken);
                // The hold the command names: its id is the till's request.
                return (outcome, () => HoldReads.OwnHoldAsync(
                    context.Service<IQuerySession>(), actor, hold.Command.HoldId, context.Service<Districts.DistrictSettings>().IsOn, context.CancellationToken));
            });
}

/// <summary>A till request: the till's own idempotency key is the command id (per merchant), so there is no commandId.</summary>
public sealed class HoldPointsInput
{
    public string Code { get; init; } = string.Empty;
    public long Amount { get; init; }
    public Guid TillRequestId { get; init; }
}

public sealed class HoldPointsInputType : InputObjectGraphType<HoldPointsInput>
{
    public HoldPointsInputType()
    {
        Name = "HoldPointsInput";
        Description = "A till's request to hold points with a volunteer's one-time code.";
        Field<NonNullGraphType<StringGraphType>>("code")
            .Description($"The one-time code the volunteer shows; spaces and dashes between digits are ignored. At most {TillRequest.MaxCodeLength} characters (`INVALID_INPUT`); unknown, used or expired: `REDEMPTION_CODE_INVALID`.");
        Field<NonNullGraphType<LongGraphType>>("amount").Description("Points to hold; positive.");
        Field<NonNullGraphType<UuidIdGraphType>>("tillRequestId")
            .Description("The till's own idempotency key, unique per merchant: the same key again returns the first outcome.");
    }
}
