using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.LocalDatabase;

namespace TimeBank.Api.Tests.Host;

/// <summary>
/// The host loads Wolverine's handler adapters from the committed files under src/Api/Internal/Generated
/// (TypeLoadMode.Static, docs/adr/0004-wolverine-code-generation.md): they must be what the current handlers generate.
/// </summary>
[Collection(GeneratedCodeCollection.Name)]
public sealed class GeneratedCodeTests(TimeBankApp app)
{
    private const string Regenerate = "dotnet run --project src/Api -- codegen write";

    [Fact]
    public void Committed_generated_code_matches_what_the_handlers_generate()
    {
        var committedRoot = Path.Combine(LocalPostgres.FindProjectRoot(AppContext.BaseDirectory), "src", "Api", "Internal", "Generated");
        var generatedRoot = Path.Combine(Path.GetTempPath(), $"timebank-codegen-{Guid.NewGuid():N}");
        var collections = app.Services.GetServices<ICodeFileCollection>().ToArray();
        var outputPaths = collections.Select(collection => collection.Rules.GeneratedCodeOutputPath).ToArray();
        try
        {
            foreach (var collection in collections)
            {
                collection.Rules.GeneratedCodeOutputPath = generatedRoot;
            }

            new DynamicCodeBuilder(app.Services, collections) { ServiceVariableSource = app.Services.GetService<IServiceVariableSource>() }
                .WriteGeneratedCode(_ => { });

            var generated = ReadTree(generatedRoot);
            var committed = ReadTree(committedRoot);
            Assert.NotEmpty(generated);
            var missing = generated.Keys.Except(committed.Keys).Order(StringComparer.Ordinal).ToArray();
            var extra = committed.Keys.Except(generated.Keys).Order(StringComparer.Ordinal).ToArray();
            var changed = generated.Keys.Intersect(committed.Keys).Where(file => generated[file] != committed[file]).Order(StringComparer.Ordinal).ToArray();
            Assert.True(missing.Length + extra.Length + changed.Length == 0,
                $"src/Api/Internal/Generated is stale: missing [{string.Join(", ", missing)}], no longer generated [{string.Join(", ", extra)}], "
                + $"changed [{string.Join(", ", changed)}]. Regenerate it with `{Regenerate}` and commit the result.");
        }
        finally
        {
            for (var i = 0; i < collections.Length; i++)
            {
                collections[i].Rules.GeneratedCodeOutputPath = outputPaths[i];
            }

            if (Directory.Exists(generatedRoot))
            {
                Directory.Delete(generatedRoot, recursive: true);
            }
        }
    }

    private static Dictionary<string, string> ReadTree(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).ToDictionary(
                file => Path.GetRelativePath(root, file).Replace('\\', '/'),
                file => File.ReadAllText(file).ReplaceLineEndings("\n"),
                StringComparer.Ordinal)
            : [];
}

/// <summary>
/// Its own host, and run alone: generating code flips JasperFx's process-wide "within the codegen command" switch, which
/// a host starting at the same moment in another collection would read.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GeneratedCodeCollection : ICollectionFixture<TimeBankApp>
{
    public const string Name = "generated code";
}
