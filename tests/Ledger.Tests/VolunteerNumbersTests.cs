using TimeBank.Ledger.Accounts;

namespace TimeBank.Ledger.Tests;

public sealed class VolunteerNumbersTests
{
    private static readonly Guid Ana = Guid.Parse("0190c5a0-0000-7000-8000-000000000001");
    private static readonly Guid Ben = Guid.Parse("0190c5a0-0000-7000-8000-000000000002");

    [Fact]
    public void A_number_nobody_holds_or_the_volunteer_holds_is_free()
    {
        VolunteerNumbers.RequireFree("QD-0001", Ana, null);
        VolunteerNumbers.RequireFree("QD-0001", Ana, Ana);
    }

    [Fact]
    public void A_number_another_volunteer_holds_is_refused_with_its_code()
    {
        var refusal = Assert.Throws<LedgerRefusal>(() => VolunteerNumbers.RequireFree("QD-0001", Ana, Ben));

        Assert.Equal("VOLUNTEER_NUMBER_TAKEN", refusal.Code);
        Assert.Equal("Volunteer number QD-0001 is already another volunteer's; volunteer numbers are unique in the city, so choose another.", refusal.Message);
    }
}
