using TimeBank.Demo;
using TimeBank.LocalDatabase;

namespace TimeBank.Api.Tests.Demo;

public sealed class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(LocalPostgres.FindProjectRoot(AppContext.BaseDirectory), "README.md"));

    [Fact]
    public void The_first_query_of_the_README_names_the_demo_people_the_token_command_signs_for()
    {
        Assert.Contains("TOKEN=$(dotnet run --project src/Api -v q -- token volunteer)", Readme, StringComparison.Ordinal);
        Assert.Contains($"account(volunteerId: \"{DemoPeople.VolunteerId}\")", Readme, StringComparison.Ordinal);
        // The first query needs no UUID: `me` finds the caller's own account.
        Assert.Contains("-d '{\"query\":\"{ me { role person { name } account {", Readme, StringComparison.Ordinal);
        Assert.Contains($"recordsAwaitingVerification(communityId: \"{DemoPeople.FirstCommunityId}\")", Readme, StringComparison.Ordinal);
    }

    [Fact]
    public void The_merchant_lines_of_the_README_name_the_demo_merchant_and_its_cashier()
    {
        Assert.Contains($"token --sub {DemoPeople.MerchantCashierId} --role merchant --merchant {DemoPeople.MerchantId})", Readme, StringComparison.Ordinal);
        Assert.Contains($"settlementStatement(merchantId: \\\"{DemoPeople.MerchantId}\\\"", Readme, StringComparison.Ordinal);
        Assert.Contains($"/merchants/{DemoPeople.MerchantId}/statements.csv?", Readme, StringComparison.Ordinal);
    }
}
