using Invitations.TestFunctionApp;
using Invitations.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Invitations.LocalHost.Tests.Support;

/// <summary>The test function app on the local host, in process, against a test Azurite, on a free port.</summary>
internal static class TestApp
{
    /// <summary>A schedule that never fires during a test run (1 January, midnight).</summary>
    public const string NeverSchedule = "0 0 0 1 1 *";

    public static string NewQueueName() => "jobs-" + Guid.NewGuid().ToString("N")[..12];

    public static LocalHostOptions Options(AzuriteFixture azurite, string queueName, string schedule = NeverSchedule)
    {
        var options = new LocalHostOptions
        {
            ScriptRoot = BuildOutput.TestFunctionApp,
            ReadSettingsFile = false,
            ReadEnvironmentVariables = false,
            StartAzurite = false,
            Port = 0,
        };
        options.Settings["TestStorage"] = azurite.ConnectionString;
        options.Settings["TestQueueName"] = queueName;
        options.Settings["TestTimerSchedule"] = schedule;
        return options;
    }

    public static async Task<LocalFunctionsHost> StartAsync(LocalHostOptions options)
    {
        var builder = LocalFunctionsHost.CreateBuilder(options, typeof(TestJobFunction).Assembly, app => app.AddTestFunctionApp());
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static Recorder Recorder(this LocalFunctionsHost host) => host.Services.GetRequiredService<Recorder>();

    public static IReadOnlyList<string> InvocationLines(this LocalFunctionsHost host) =>
        host.Services.GetFakeLogCollector().GetSnapshot()
            .Where(record => record.Category == "Invitations.LocalHost.Invocations" && record.Level == LogLevel.Information)
            .Select(record => record.Message)
            .ToArray();
}
