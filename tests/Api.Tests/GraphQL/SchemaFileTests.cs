using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.GraphQL.Http;
using TimeBank.LocalDatabase;
using TimeBank.Api.Tests.Host;

namespace TimeBank.Api.Tests.GraphQL;

[Collection(LedgerCollection.Name)]
public sealed class SchemaFileTests(TimeBankApp app)
{
    private const string UpdateVariable = "TIMEBANK_UPDATE_SCHEMA";

    [Fact]
    public void Schema_file_matches_the_served_schema()
    {
        var served = Normalize(GraphQLSchemaExport.PrintSchema(app.Services.GetRequiredService<ISchema>()));
        var path = Path.Combine(LocalPostgres.FindProjectRoot(AppContext.BaseDirectory), "docs", "schema.graphql");

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, served);
        }

        var checkedIn = File.Exists(path) ? Normalize(File.ReadAllText(path)) : string.Empty;
        Assert.True(checkedIn == served,
            $"docs/schema.graphql differs from the schema served at /graphql. If the change is intended, regenerate the file with "
            + $"`{UpdateVariable}=1 dotnet test tests/Api.Tests --filter \"FullyQualifiedName~SchemaFileTests\"` and commit it.");
    }

    private static string Normalize(string schema) => schema.ReplaceLineEndings("\n").TrimEnd() + "\n";
}
