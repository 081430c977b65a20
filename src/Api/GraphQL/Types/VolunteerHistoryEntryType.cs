using GraphQL.Types;
using TimeBank.Api.GraphQL.Loading;
using TimeBank.Projections;

namespace TimeBank.Api.GraphQL.Types;

public sealed class VolunteerHistoryEntryType : ObjectGraphType<VolunteerHistoryEntry>
{
    public VolunteerHistoryEntryType()
    {
        Name = "VolunteerHistoryEntry";
        Description = "One change of a volunteer's account: what (`kind`), when, by how much (negative when taken back), and what it is "
            + "about: the service record, the hold of a redemption, the merchant. Same visibility as the account.";
        Field<NonNullGraphType<UuidIdGraphType>>("id").Description("The event's id.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<VolunteerHistoryKindType>>("kind").Description("What changed the account.").Resolve(c => c.Source.Kind);
        Field<UuidIdGraphType>("recordId")
            .Description("The service record's UUID: the one credited or revoked, or the one whose points lot expired (a lot has the id "
                + "of the record that earned it). Null for stars, redemptions and refunds (see `holdId`).")
            .Resolve(c => VolunteerHistoryReference.ServiceRecordId(c.Source));
        Field<ServiceRecordType>("serviceRecord")
            .Description("The service record of `recordId`, if the caller may read it (the volunteer, staff of the record's community, city admins); otherwise null.")
            .Resolve(c => VolunteerHistoryReference.ServiceRecordId(c.Source) is { } id ? Navigation.Record(c, id) : null);
        Field<UuidIdGraphType>("lotId")
            .Description("For POINTS_EXPIRED: the earning lot whose remaining points expired (the `lotId` of the account's `lots`). Null otherwise.")
            .Resolve(c => VolunteerHistoryReference.LotId(c.Source));
        Field<UuidIdGraphType>("needId").Description("For a need's escrow, release, payment or received payment: the need.")
            .Resolve(c => VolunteerHistoryReference.NeedId(c.Source));
        Field<UuidIdGraphType>("holdId")
            .Description("For POINTS_REDEEMED and POINTS_REFUNDED: the hold the merchant's till placed with the volunteer's code. Null otherwise.")
            .Resolve(c => VolunteerHistoryReference.HoldId(c.Source));
        Field<HoldType>("hold")
            .Description("The hold of `holdId` as it stands now (completed, and what was refunded of it). Same visibility as the account; null for other kinds.")
            .Resolve(c => VolunteerHistoryReference.HoldId(c.Source) is { } id ? Navigation.Hold(c, id, c.Source.VolunteerId) : null);
        Field<UuidIdGraphType>("merchantId")
            .Description("For POINTS_REDEEMED and POINTS_REFUNDED: the merchant that redeemed or refunded. Null otherwise.")
            .Resolve(c => c.Source.MerchantId);
        Field<MerchantType>("merchant")
            .Description("The merchant of `merchantId`, if the caller may read merchants (its cashiers, staff of its community, city admins); "
                + "null otherwise, also for the volunteer, who has `merchantId`.")
            .Resolve(c => c.Source.MerchantId is { } id ? Navigation.Merchant(c, id) : null);
        Field<UuidIdGraphType>("transferId")
            .Description("For GIFT_GIVEN, GIFT_RECEIVED, GIFT_RETURNED, TIME_CREDITS_DONATED and POOL_GRANT_RECEIVED: the transfer (the gift's, donation's or grant's id). Null otherwise.")
            .Resolve(c => c.Source.TransferId);
        Field<UuidIdGraphType>("counterpartId")
            .Description("For GIFT_GIVEN, GIFT_RECEIVED and GIFT_RETURNED: the relative (a volunteer id); for TIME_CREDITS_DONATED and POOL_GRANT_RECEIVED: the community of the pool. Null otherwise.")
            .Resolve(c => c.Source.CounterpartId);
        Field<StringGraphType>("reasonCode")
            .Description("For GIFT_RETURNED: why the relative's district refused the gift, a refusal code (e.g. `RECEIVER_CAP_EXCEEDED`, `VOLUNTEER_NOT_FOUND`). Null otherwise.")
            .Resolve(c => c.Source.ReasonCode);
        Field<NonNullGraphType<IntGraphType>>("serviceMinutes").Description("Verified service added (negative: taken back), in minutes.")
            .Resolve(c => Amounts.MinutesOut(c.Source.ServiceMinutes));
        Field<NonNullGraphType<IntGraphType>>("timeCredits").Description("Time credits added (negative: taken back), in minutes.")
            .Resolve(c => Amounts.MinutesOut(c.Source.TimeCredits));
        Field<NonNullGraphType<LongGraphType>>("points").Description("Points added (negative: redeemed, expired or taken back).")
            .Resolve(c => c.Source.Points);
        Field<IntGraphType>("starLevel").Description("For STAR_AWARDED and STAR_WITHDRAWN: the level (1 to 5). Null otherwise.")
            .Resolve(c => c.Source.StarLevel);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("at").Description("When it was recorded.").Resolve(c => c.Source.At);
    }
}

public sealed class VolunteerHistoryKindType : EnumerationGraphType<VolunteerHistoryKind>
{
    public VolunteerHistoryKindType()
    {
        Name = "VolunteerHistoryKind";
        Description = "What changed a volunteer's account. A hold alone, a void and an expired hold change no balance and have no line; "
            + "a redemption shows when the merchant completes it.";
        Describe(VolunteerHistoryKind.ServiceCredited, "A verified service record posted hours, time credits and points; `recordId` names it.");
        Describe(VolunteerHistoryKind.ServiceCreditRevoked, "A credited record was revoked: what it posted is taken back (negative amounts); `recordId` names it.");
        Describe(VolunteerHistoryKind.PointsExpired, "The points left in an earning lot expired (negative points); `lotId` and `recordId` name the lot and the record that earned it.");
        Describe(VolunteerHistoryKind.StarAwarded, "Cumulative verified service crossed a star threshold; `starLevel` is the new level.");
        Describe(VolunteerHistoryKind.StarWithdrawn, "A revocation dropped service below a star's threshold; `starLevel` is the level withdrawn.");
        Describe(VolunteerHistoryKind.PointsRedeemed, "A merchant completed a redemption: the held points went to it (negative points); `holdId` and `merchantId` name them.");
        Describe(VolunteerHistoryKind.PointsRefunded, "A merchant gave back part or all of a completed redemption (positive points); `holdId` and `merchantId` name them.");
        Describe(VolunteerHistoryKind.TimeCreditsEscrowed, "Time credits held in escrow for a need the member posted (negative time credits); `needId` names it.");
        Describe(VolunteerHistoryKind.EscrowReleased, "A need's escrow came back whole: cancelled, expired or released by staff (positive time credits); `needId` names it.");
        Describe(VolunteerHistoryKind.EscrowPaid, "A need's escrow paid its volunteer; a split's rest came back (the time credits returned); `needId` names it.");
        Describe(VolunteerHistoryKind.NeedPaymentReceived, "The volunteer was paid for a need they served (positive time credits); `needId` names it.");
        Describe(VolunteerHistoryKind.GiftGiven, "Time credits given to a direct relative (negative time credits); `transferId` and `counterpartId` (the relative) name them.");
        Describe(VolunteerHistoryKind.GiftReceived, "Time credits received from a direct relative; `transferId` and `counterpartId` (the giver) name them.");
        Describe(VolunteerHistoryKind.TimeCreditsDonated, "Time credits donated to a community's pool (negative time credits); `counterpartId` is the community.");
        Describe(VolunteerHistoryKind.GiftReturned, "A gift to a relative homed in another district came back, refused there (positive time credits); `reasonCode` says why, "
            + "`transferId` and `counterpartId` (the relative) name it.");
        Describe(VolunteerHistoryKind.PoolGrantReceived, "Time credits granted from a community's pool by its staff; `counterpartId` is the community.");
    }

    private void Describe(VolunteerHistoryKind kind, string description) =>
        Values.FindByValue(kind)!.Description = description;
}

public sealed class VolunteerHistoryEdgeType() : EdgeGraphType<VolunteerHistoryEntryType, VolunteerHistoryEntry>("VolunteerHistory");

public sealed class VolunteerHistoryConnectionType() : ConnectionGraphType<VolunteerHistoryEdgeType, VolunteerHistoryEntry>("VolunteerHistory");
