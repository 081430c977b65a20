using System.Diagnostics;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Tests.Host;
using TimeBank.GraphQL.Http;

namespace TimeBank.Api.Tests.GraphQL;

/// <summary>
/// The schema documents itself: every type, field, argument, input value and enum value the service serves has a
/// description, so the explorer's docs panel and every IDE show what a thing means, its units, limits and refusals.
/// Built-in scalars and introspection types are GraphQL's own and left out, as graphql-schema-linter leaves them out.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class SchemaDescriptionTests(TimeBankApp app)
{
    /// <summary>The linter, pinned (checked with <c>npm view graphql-schema-linter version</c>: 3.0.1).</summary>
    private const string Linter = "graphql-schema-linter@3.0.1";

    private const string Rules =
        "types-have-descriptions,fields-have-descriptions,arguments-have-descriptions,input-object-values-have-descriptions,enum-values-have-descriptions";

    private static readonly HashSet<string> BuiltInScalars = ["String", "Int", "Float", "Boolean", "ID"];

    [Fact]
    public void Every_element_of_the_served_schema_has_a_description()
    {
        var schema = app.Services.GetRequiredService<ISchema>();
        schema.Initialize();

        var missing = Undescribed(schema).ToList();

        Assert.True(missing.Count == 0, "Without a description:\n" + string.Join('\n', missing));
    }

    [Fact]
    public async Task Graphql_schema_linter_finds_no_description_missing()
    {
        var directory = Directory.CreateTempSubdirectory("timebank-schema-lint-");
        try
        {
            var file = Path.Combine(directory.FullName, "schema.graphql");
            await File.WriteAllTextAsync(file, GraphQLSchemaExport.PrintSchema(app.Services.GetRequiredService<ISchema>()));

            // npx missing is a failure, not a skip: Process.Start throws.
            var start = new ProcessStartInfo("npx")
            {
                WorkingDirectory = directory.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { "--yes", Linter, "--rules", Rules, "--format", "text", file })
            {
                start.ArgumentList.Add(argument);
            }

            using var linter = Process.Start(start) ?? throw new InvalidOperationException("npx did not start.");
            var output = linter.StandardOutput.ReadToEndAsync();
            var errors = linter.StandardError.ReadToEndAsync();
            await linter.WaitForExitAsync();

            Assert.True(linter.ExitCode == 0, $"{Linter} exited with {linter.ExitCode}:\n{await output}\n{await errors}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static IEnumerable<string> Undescribed(ISchema schema)
    {
        foreach (var type in schema.AllTypes.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            if (type.Name.StartsWith("__", StringComparison.Ordinal) || (type is ScalarGraphType && BuiltInScalars.Contains(type.Name)))
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(type.Description))
            {
                yield return $"type {type.Name}";
            }

            if (type is IComplexGraphType complex)
            {
                foreach (var field in complex.Fields)
                {
                    if (string.IsNullOrWhiteSpace(field.Description))
                    {
                        yield return $"{(type is IInputObjectGraphType ? "input value" : "field")} {type.Name}.{field.Name}";
                    }

                    foreach (var argument in field.Arguments ?? [])
                    {
                        if (string.IsNullOrWhiteSpace(argument.Description))
                        {
                            yield return $"argument {type.Name}.{field.Name}({argument.Name})";
                        }
                    }
                }
            }

            if (type is EnumerationGraphType enumeration)
            {
                foreach (var value in enumeration.Values)
                {
                    if (string.IsNullOrWhiteSpace(value.Description))
                    {
                        yield return $"enum value {type.Name}.{value.Name}";
                    }
                }
            }
        }
    }
}
