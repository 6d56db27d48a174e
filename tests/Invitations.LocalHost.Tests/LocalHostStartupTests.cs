using Invitations.LocalHost.Tests.Support;
using Invitations.TestFunctionApp;
using Invitations.TestSupport;

namespace Invitations.LocalHost.Tests;

/// <summary>Mistakes in settings fail the start with a message that names the function and the setting, never a secret.</summary>
public sealed class LocalHostStartupTests
{
    private static LocalHostOptions Options()
    {
        var options = new LocalHostOptions
        {
            ScriptRoot = BuildOutput.TestFunctionApp,
            ReadSettingsFile = false,
            ReadEnvironmentVariables = false,
            StartAzurite = false,
            Port = 0,
        };
        options.Settings["TestStorage"] = "UseDevelopmentStorage=true";
        options.Settings["TestQueueName"] = "jobs";
        options.Settings["TestTimerSchedule"] = TestApp.NeverSchedule;
        return options;
    }

    private static InvalidOperationException BuildFails(LocalHostOptions options) =>
        Assert.Throws<InvalidOperationException>(() =>
            LocalFunctionsHost.CreateBuilder(options, typeof(TestJobFunction).Assembly, app => app.AddTestFunctionApp()).Build());

    [Fact]
    public void A_missing_queue_name_setting_fails_the_start()
    {
        var options = Options();
        options.Settings.Remove("TestQueueName");

        var ex = BuildFails(options);

        Assert.Contains("ProcessTestJob", ex.Message, StringComparison.Ordinal);
        Assert.Contains("TestQueueName", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_five_field_schedule_fails_the_start()
    {
        var options = Options();
        options.Settings["TestTimerSchedule"] = "*/5 * * * *";

        var ex = BuildFails(options);

        Assert.Contains("Tick", ex.Message, StringComparison.Ordinal);
        Assert.Contains("6", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_connection_fails_the_start()
    {
        var options = Options();
        options.Settings.Remove("TestStorage");

        Assert.Contains("TestStorage", BuildFails(options).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_connection_string_fails_the_start_without_echoing_it()
    {
        var options = Options();
        options.Settings["TestStorage"] = "AccountName=x;AccountKey=" + AzuriteFixture.AccountKey + ";Nonsense";

        var ex = BuildFails(options);

        Assert.Contains("TestStorage", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteFixture.AccountKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_storage_is_accepted_without_starting_anything_at_build()
    {
        var builder = LocalFunctionsHost.CreateBuilder(Options(), typeof(TestJobFunction).Assembly, app => app.AddTestFunctionApp());

        await using var host = builder.Build();

        Assert.Equal(5, host.Functions.Count);
    }
}
