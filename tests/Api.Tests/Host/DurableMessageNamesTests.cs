using TimeBank.Api.Accounts;
using TimeBank.Api.Accounts.Redemptions;
using Wolverine.Util;

namespace TimeBank.Api.Tests.Host;

/// <summary>
/// Wolverine stores scheduled and queued messages in PostgreSQL under their message type name, and names the local queue
/// of a published message after it. A message type that moved keeps the name it was stored under, so that messages
/// already in the inbox (a hold's expiry, an account's points expiry) are still handled after an upgrade.
/// </summary>
public sealed class DurableMessageNamesTests
{
    public static TheoryData<Type, string> DurableMessages => new()
    {
        // The ledger's own command, scheduled for a hold's end; and the host's message it replaced, forwarded to it.
        { typeof(TimeBank.Ledger.Accounts.ExpireHold), "TimeBank.Ledger.Accounts.ExpireHold" },
        { typeof(StoredExpireHold), "TimeBank.Api.Redemptions.ExpireHold" },
        { typeof(ExpireDuePoints), "TimeBank.Api.Expiry.ExpireDuePoints" },
        // The ledger's own command, one account's due points; and the host's message it replaced, forwarded to it.
        { typeof(TimeBank.Ledger.Accounts.ExpirePoints), "TimeBank.Ledger.Accounts.ExpirePoints" },
        { typeof(StoredExpireAccountPoints), "TimeBank.Api.Expiry.ExpireAccountPoints" },
        // The ledger's own command, scheduled for a resident's need's expiry when it is posted.
        { typeof(TimeBank.Ledger.Needs.ExpireNeed), "TimeBank.Ledger.Needs.ExpireNeed" },
        // A community pool told of a record's overflow, and of a revocation taking it back (ADR 0045).
        { typeof(TimeBank.Ledger.Gifts.ReceivePoolOverflow), "TimeBank.Ledger.Gifts.ReceivePoolOverflow" },
        { typeof(TimeBank.Ledger.Gifts.ReturnPoolOverflow), "TimeBank.Ledger.Gifts.ReturnPoolOverflow" },
        // Districts mode (ADR 0047): an occurrence of the points-expiry job in the city, and a district's part of it, kept in
        // the city's store until the district answers.
        { typeof(ExpireDuePointsInEveryDistrict), "TimeBank.Api.Accounts.ExpireDuePointsInEveryDistrict" },
        { typeof(ExpireDuePointsInDistrict), "TimeBank.Api.Accounts.ExpireDuePointsInDistrict" },
        // Districts mode: what one district's database sends another through the durable district-credits queue.
        { typeof(TimeBank.Api.Districts.CreditHomeDistrict), "TimeBank.Api.Districts.CreditHomeDistrict" },
        { typeof(TimeBank.Api.Districts.RevokeHomeCredit), "TimeBank.Api.Districts.RevokeHomeCredit" },
        { typeof(TimeBank.Api.Districts.GiftToHomeDistrict), "TimeBank.Api.Districts.GiftToHomeDistrict" },
        { typeof(TimeBank.Api.Districts.CopyRelation), "TimeBank.Api.Districts.CopyRelation" },
        { typeof(TimeBank.Api.Districts.HoldAtMerchantDistrict), "TimeBank.Api.Districts.HoldAtMerchantDistrict" },
    };

    [Theory]
    [MemberData(nameof(DurableMessages))]
    public void A_durable_message_keeps_the_name_it_is_stored_under(Type message, string storedName) =>
        Assert.Equal(storedName, message.ToMessageTypeName());
}
