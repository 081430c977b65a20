using GraphQL.Types;
using TimeBank.Api.Commendations;
using TimeBank.Api.GraphQL.Loading;
using TimeBank.Api.GraphQL.Relay;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Policies;

namespace TimeBank.Api.GraphQL.Types;

/// <summary>
/// A volunteer's balance. Minutes (service and time credits) are <c>Int</c>; points are <c>Long</c>; no amount is
/// ever a float.
/// </summary>
public sealed class VolunteerAccountType : ObjectGraphType<VolunteerAccount>
{
    public VolunteerAccountType()
    {
        Name = "VolunteerAccount";
        Description = "A volunteer's account: verified service, time credits, points in earning lots, debt and star level.";
        this.ImplementNode(GlobalId.VolunteerAccount, account => account.Id);
        Field<NonNullGraphType<UuidIdGraphType>>("volunteerId").Description("The volunteer's id (the subject they sign in as), as `account(volunteerId:)` takes it.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<UuidIdGraphType>>("homeCommunityId").Description("The UUID of the community the account belongs to.").Resolve(c => c.Source.HomeCommunityId);
        Field<CommunityType>("homeCommunity").Description("The community the account belongs to.")
            .Resolve(c => Navigation.Community(c, c.Source.HomeCommunityId));
        Field<NonNullGraphType<StringGraphType>>("volunteerNumber").Description("The volunteer number (志愿者编号).").Resolve(c => c.Source.VolunteerNumber);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("registeredAt").Description("When the volunteer was registered.").Resolve(c => c.Source.RegisteredAt);
        Field<NonNullGraphType<IntGraphType>>("serviceMinutes").Description("Cumulative verified service, in minutes.")
            .Resolve(c => Amounts.MinutesOut(c.Source.ServiceMinutes));
        Field<NonNullGraphType<StringGraphType>>("serviceHours").Description("Cumulative verified service for display, e.g. \"12h30m\".")
            .Resolve(c => c.Source.Service.ToString());
        Field<NonNullGraphType<IntGraphType>>("timeCredits").Description("Time credits held, in minutes.")
            .Resolve(c => Amounts.MinutesOut(c.Source.TimeCredits));
        Field<NonNullGraphType<IntGraphType>>("escrowedTimeCredits").Description("Time credits held in escrow for the member's open needs, in minutes: not in `timeCredits`, not spendable.")
            .Resolve(c => Amounts.MinutesOut(c.Source.EscrowedTimeCredits));
        Field<NonNullGraphType<IntGraphType>>("availableTimeCredits").Description("Time credits the member may escrow, give or donate now, in minutes (`timeCredits` less debt, never below zero).")
            .Resolve(c => Amounts.MinutesOut(c.Source.AvailableTimeCredits));
        Field<NonNullGraphType<IntGraphType>>("timeCreditDebt").Description("Time credits owed after a revocation, in minutes; repaid first from later earnings.")
            .Resolve(c => Amounts.MinutesOut(c.Source.TimeCreditDebt));
        Field<NonNullGraphType<LongGraphType>>("availablePoints").Description("Points the volunteer can spend now.")
            .Resolve(c => c.Source.AvailablePoints);
        Field<NonNullGraphType<LongGraphType>>("heldPoints").Description("Points held for merchants by open holds: still the volunteer's, not spendable.")
            .Resolve(c => c.Source.HeldPoints);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<HoldType>>>>("openHolds").Description("Holds not yet completed, voided or expired, oldest first.")
            .Resolve(c => c.Source.Holds.Values.OrderBy(h => h.HeldAt).ToList());
        Field<NonNullGraphType<LongGraphType>>("pointsDebt").Description("Points owed after a revocation; repaid first from later earnings.")
            .Resolve(c => c.Source.PointsDebt);
        Field<NonNullGraphType<IntGraphType>>("starLevel").Description("0 (none) to 5.").Resolve(c => c.Source.StarLevel);
        Field<NextStarType>("nextStar").Description("The star the volunteer works towards under their home district's thresholds, and the service it still takes; null at 5★.")
            .ResolveAsync(async c =>
            {
                var policy = await c.RequestServices!.GetRequiredService<PolicyBook>().ForCommunityAsync(
                    c.RequestServices!.GetRequiredService<Marten.IQuerySession>(), c.Source.HomeCommunityId, c.CancellationToken);
                return NextStar.After(c.Source.Service, policy);
            });
        Field<NonNullGraphType<BooleanGraphType>>("onPublicBoards").Description("Whether the volunteer is shown on the public leaderboards (they may leave them with `leavePublicBoards`).").Resolve(c => c.Source.OnPublicBoards);
        Field<UtcDateTimeOffsetGraphType>("nextPointsExpiryAt").Description("When the next lot with points left expires.")
            .Resolve(c => c.Source.NextPointsExpiryAt);
        Field<PersonType>("person")
            .Description("Name, masked phone and masked ID of the volunteer; `erased` once they were erased. Same visibility as the account.")
            .ResolveAsync(PersonType.ResolveAsync);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PointsLotType>>>>("lots").Description("Points by earning lot, oldest first.")
            .Resolve(c => c.Source.Lots);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CommendationType>>>>("commendations")
            .Description("The volunteer's commendations (嘉许), withdrawn ones included (marked `withdrawn`), the latest awarded first; as they stand now, also with `asOf`.")
            .Resolve(CommendationReads.OfAccount);
        Field<ServiceRecordConnectionType>("serviceRecords")
            .Description("The volunteer's service records in every state (awaiting verification, credited, rejected — which the volunteer may contest —, revoked), "
                + "the latest service first: all of them for the volunteer and city admins, their communities' records for staff; as they stand now, also with `asOf`.")
            .ForwardPaging()
            .ResolveAsync(ServiceRecords.RecordsOfVolunteer.ResolveAsync);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<Certificates.CertificateType>>>>("certificates")
            .Description("The volunteer's certificates of every status, requests first, then the latest issued first: those the caller may see (all of them for the volunteer "
                + "and city admins, their community's for staff); as they stand now, also with `asOf`. The same as the query `certificates` (districts mode: the volunteer's own from every district).")
            .ResolveAsync(async c => await Certificates.CertificateReads.OfVolunteerAsync(c, c.Source.Id));
        Gifts.AccountGiftsType.AddTo(this);
    }
}

public sealed class NextStarType : ObjectGraphType<NextStar>
{
    public NextStarType()
    {
        Name = "NextStar";
        Description = "The next star level a volunteer's verified service leads to.";
        Field<NonNullGraphType<IntGraphType>>("level").Description("The star level, 1 to 5.").Resolve(c => c.Source.Level);
        Field<NonNullGraphType<IntGraphType>>("thresholdMinutes").Description("The cumulative verified service it takes, in minutes.")
            .Resolve(c => Amounts.MinutesOut(c.Source.Threshold.Value));
        Field<NonNullGraphType<IntGraphType>>("minutesToGo").Description("The verified service still to serve for it, in minutes.")
            .Resolve(c => Amounts.MinutesOut(c.Source.ToGo.Value));
    }
}

public sealed class PointsLotType : ObjectGraphType<PointsLot>
{
    public PointsLotType()
    {
        Name = "PointsLot";
        Description = "The points one credited record earned; spent and expired first-in first-out.";
        Field<NonNullGraphType<UuidIdGraphType>>("lotId").Description("The lot's id: the id of the service record that earned it.").Resolve(c => c.Source.LotId);
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The community whose issuance the points came from.").Resolve(c => c.Source.CommunityId);
        Field<NonNullGraphType<LongGraphType>>("earned").Description("Points earned.").Resolve(c => c.Source.Earned);
        Field<NonNullGraphType<LongGraphType>>("remaining").Description("Points of the lot not yet spent or expired.").Resolve(c => c.Source.Remaining);
        Field<NonNullGraphType<LongGraphType>>("expired").Description("Points of the lot that expired unspent.").Resolve(c => c.Source.Expired);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("earnedAt").Description("When the points were credited.").Resolve(c => c.Source.EarnedAt);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("expiresAt").Description("When what remains expires (24 months after earning by default).").Resolve(c => c.Source.ExpiresAt);
    }
}

/// <summary>Amounts at the schema's edge: minutes are GraphQL <c>Int</c> (32-bit), points <c>Long</c>.</summary>
public static class Amounts
{
    /// <summary>Minutes out of the ledger (a long) into an <c>Int</c>: 2^31 minutes are four thousand years.</summary>
    public static int MinutesOut(long minutes) => checked((int)minutes);

    public static long MinutesIn(int minutes, string field) => minutes >= 0
        ? minutes
        : throw SchemaErrors.InvalidAmount($"'{field}' is a number of minutes and cannot be negative; got {minutes}.");
}
