using Invitations.LocalHost.Metadata;
using Invitations.Security;

namespace Invitations.LocalHost;

/// <summary>
/// Development bearer tokens for trying the API locally. They are signed with Auth__DevelopmentSigningKey, which the app
/// refuses when Auth__Mode is Entra, so these never work against a real deployment.
/// </summary>
internal static class DeveloperTokens
{
    /// <summary>Printed to the console (not the log pipeline) once the host listens.</summary>
    public static void PrintDemoAdmin(IConfiguration configuration)
    {
        if (!string.Equals(configuration["Auth:Mode"], "Development", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var token = DevelopmentTokens.MintDemoAdmin(configuration);
        Console.WriteLine();
        Console.WriteLine($"Demo admin token (account '{DevelopmentTokens.DemoAccountId}', development only):");
        Console.WriteLine(token);
        Console.WriteLine($"  export TOKEN={token}");
        Console.WriteLine("  Mint others: dotnet run --project src/Invitations.LocalHost --no-build -- mint-token --account demo --role Invitations.Admin --email you@example.com");
        Console.WriteLine();
    }

    /// <summary><c>mint-token [--account A] [--role R] [--email E] [--user U] [--name N] [--hours H]</c>: prints one token.</summary>
    public static int Mint(IReadOnlyList<string> args)
    {
        var scriptRoot = LocalHostCommandLine.DefaultScriptRoot();
        var settingsPath = LocalSettingsFile.Find(scriptRoot, LocalFunctionsHost.FindRepositoryRoot(scriptRoot));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settingsPath is null ? [] : LocalSettingsFile.Read(settingsPath).Settings)
            .AddEnvironmentVariables()
            .Build();
        try
        {
            Console.WriteLine(DevelopmentTokens.MintFromArguments(configuration, args));
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            Console.Error.WriteLine("mint-token: " + ex.Message);
            return 2;
        }
    }
}
