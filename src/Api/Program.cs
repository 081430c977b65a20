using JasperFx;
using TimeBank.Api.Hosting;
using TimeBank.Api.LocalDatabase;

try
{
    if (args is ["local-db", "stop"])
    {
        await new LocalPostgres(new LocalPostgresOptions(LocalPostgres.FindProjectRoot(Directory.GetCurrentDirectory()))).StopAsync();
        Console.WriteLine("The local PostgreSQL cluster is stopped.");
        return 0;
    }

    var builder = WebApplication.CreateBuilder(args);
    await builder.AddTimeBankAsync();
    var app = builder.Build();
    app.MapTimeBank();
    return await app.RunJasperFxCommands(args);
}
catch (Exception e) when (e is StartupProblem or LocalPostgresException)
{
    // One clear message for the person starting the service; the details are in the logs above.
    Console.Error.WriteLine($"TimeBank cannot start: {e.Message}");
    return 1;
}

public partial class Program;
