using System.Text.Json;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Units;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests;

/// <summary>The ledger's account names and postings: what is stored, so a wrong name is a wrong balance.</summary>
public sealed class AccountIdTests
{
    [Fact]
    public void Each_account_has_its_plain_name()
    {
        Assert.Equal("volunteer/00000000-0000-0000-0000-00000000a001", AccountId.Volunteer(AnaId).Value);
        Assert.Equal("community/00000000-0000-0000-0000-00000000c001/issuance", AccountId.Issuance(Riverside).Value);
        Assert.Equal("community/00000000-0000-0000-0000-00000000c001/pool", AccountId.Pool(Riverside).Value);
        Assert.Equal("community/00000000-0000-0000-0000-00000000c001/expiry", AccountId.Expiry(Riverside).Value);
        Assert.Equal("merchant/00000000-0000-0000-0000-00000000d001", AccountId.Merchant(new Guid("00000000-0000-0000-0000-00000000d001")).Value);
        Assert.Equal("volunteer/00000000-0000-0000-0000-00000000a001", AccountId.Volunteer(AnaId).ToString());
    }

    [Fact]
    public void An_account_is_stored_as_its_plain_name_and_read_back()
    {
        var json = JsonSerializer.Serialize(AccountId.Pool(Hillside));

        Assert.Equal("\"community/00000000-0000-0000-0000-00000000c002/pool\"", json);
        Assert.Equal(AccountId.Pool(Hillside), JsonSerializer.Deserialize<AccountId>(json));
    }

    [Fact]
    public void An_account_stored_as_null_is_an_error()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<AccountId>("null"));

        Assert.Equal("An account id is a string.", error.Message);
    }

    [Fact]
    public void A_posting_moves_a_positive_amount_and_nothing_for_zero()
    {
        var from = AccountId.Issuance(Riverside);
        var to = AccountId.Volunteer(AnaId);

        Assert.Equal([new Posting(from, to, LedgerUnit.Points, 22)], Posting.Of(from, to, LedgerUnit.Points, 22));
        Assert.Empty(Posting.Of(from, to, LedgerUnit.Points, 0));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Posting.Of(from, to, LedgerUnit.Points, -1).ToList());
        Assert.StartsWith("A posting moves a positive amount.", error.Message);
    }
}
