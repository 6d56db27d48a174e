using Invitations.Hosting;
using Invitations.LocalHost;
using Invitations.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Invitations.Tests;

/// <summary>
/// The built Functions app on the local host (Kestrel on 127.0.0.1, a free port) against the test Azurite, with
/// the sample settings and its own tables and queue, so end-to-end tests don't see each other's data.
/// </summary>
internal static class AppOnLocalHost
{
    /// <summary>A sweep schedule that never fires during a test run (1 January, midnight).</summary>
    public const string NeverSchedule = "0 0 0 1 1 *";

    /// <param name="name">A short lowercase tag for this test's table prefix and queue name.</param>
    /// <param name="scriptRoot">functions.metadata and host.json; they are copied next to the tests by default.</param>
    public static LocalHostOptions Options(AzuriteFixture azurite, string name, string? scriptRoot = null)
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var options = new LocalHostOptions
        {
            ScriptRoot = scriptRoot ?? AppContext.BaseDirectory,
            SettingsFile = RepositoryPaths.Combine("local.settings.sample.json"),
            ReadEnvironmentVariables = false,
            StartAzurite = false,
            Port = 0,
        };
        options.Settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        options.Settings["InvitationsStorage"] = azurite.ConnectionString;
        options.Settings["Storage__TablePrefix"] = name + unique;
        options.Settings["EmailQueueName"] = name + "-" + unique;
        options.Settings["ExpirySweepSchedule"] = NeverSchedule;
        return options;
    }

    /// <summary>Starts the app with the same registration Program.cs makes; the client's base address ends in <c>/api/</c>.</summary>
    public static async Task<(LocalFunctionsHost Host, HttpClient Http, IConfiguration Configuration)> StartAsync(
        LocalHostOptions options, Action<ILoggingBuilder> logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        var builder = LocalFunctionsHost.CreateBuilder(options, typeof(InvitationsAppExtensions).Assembly, app => app.AddInvitationsApp());
        logging(builder.Logging);
        var host = builder.Build();
        await host.StartAsync();
        var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        return (host, http, host.Services.GetRequiredService<IConfiguration>());
    }
}
