using System.Net;
using Azure.Storage.Queues;
using Invitations.LocalHost.Tests.Support;
using Invitations.TestSupport;

namespace Invitations.LocalHost.Tests.EndToEnd;

/// <summary>
/// <c>AzureWebJobs.&lt;Function&gt;.Disabled</c> as the Functions host and Core Tools honour it: the function is indexed
/// but not started. Its HTTP route answers 404, its queue is not polled, its timer never fires, and the banner says so.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class DisabledFunctionTests(AzuriteFixture azurite) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("localhost-disabled-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Disabled_http_queue_and_timer_functions_do_not_run_and_the_others_do()
    {
        var queueName = TestApp.NewQueueName();
        var queue = new QueueClient(azurite.ConnectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateAsync();
        await queue.SendMessageAsync("""{"text":"must-wait"}""");
        var options = TestApp.Options(azurite, queueName, schedule: "* * * * * *");
        options.Settings["AzureWebJobs.GetItem.Disabled"] = "true";
        options.Settings["AzureWebJobs.ProcessTestJob.Disabled"] = "1";
        options.Settings["AzureWebJobs_Tick_Disabled"] = "True";
        options.Settings["AzureWebJobs.DeleteItem.Disabled"] = "false";

        await using var host = await TestApp.StartAsync(options);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        using var disabled = await client.GetAsync(new Uri($"items/{Guid.NewGuid()}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, disabled.StatusCode);
        Assert.Equal("", await disabled.Content.ReadAsStringAsync());
        using var enabled = await client.PostAsync(new Uri($"items/{Guid.NewGuid()}/delete", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NoContent, enabled.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(2.5)); // two whole seconds of a one-second schedule, and several polls
        Assert.Empty(host.Recorder().Ticks);
        Assert.Empty(host.Recorder().Jobs);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.DoesNotContain(host.InvocationLines(), line => line.Contains("GetItem", StringComparison.Ordinal));

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["GetItem"] = "AzureWebJobs.GetItem.Disabled",
                ["ProcessTestJob"] = "AzureWebJobs.ProcessTestJob.Disabled",
                ["Tick"] = "AzureWebJobs_Tick_Disabled",
            },
            host.DisabledFunctions.OrderBy(d => d.Key, StringComparer.Ordinal).ToDictionary());
        var banner = host.Services.GetFakeLogCollector().GetSnapshot()
            .Where(r => r.Category == "Invitations.LocalHost").Select(r => r.Message).ToArray();
        Assert.Contains("  GetItem: disabled (AzureWebJobs.GetItem.Disabled); not started", banner);
        Assert.Contains("  ProcessTestJob: disabled (AzureWebJobs.ProcessTestJob.Disabled); not started", banner);
        Assert.Contains("  Tick: disabled (AzureWebJobs_Tick_Disabled); not started", banner);
        Assert.DoesNotContain(banner, line => line.StartsWith("  Tick: timerTrigger", StringComparison.Ordinal));
        Assert.Contains(banner, line => line.StartsWith("  DeleteItem: [DELETE,POST]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Re_enabling_a_queue_function_processes_what_waited()
    {
        var queueName = TestApp.NewQueueName();
        var queue = new QueueClient(azurite.ConnectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateAsync();
        await queue.SendMessageAsync("""{"text":"later"}""");
        var options = TestApp.Options(azurite, queueName);
        options.Settings["AzureWebJobs.ProcessTestJob.Disabled"] = "true";
        await using (await TestApp.StartAsync(options))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        options.Settings["AzureWebJobs.ProcessTestJob.Disabled"] = "false";
        await using var host = await TestApp.StartAsync(options);

        await Eventually.TrueAsync(() => !host.Recorder().Jobs.IsEmpty, TimeSpan.FromSeconds(30), "the job once the function is enabled");
        Assert.Equal("later", Assert.Single(host.Recorder().Jobs).Text);
    }

    [Fact]
    public async Task The_setting_is_read_from_local_settings_values_and_from_the_environment()
    {
        var settings = Path.Combine(_dir.FullName, "local.settings.json");
        // A JSON boolean in Values, as the docs show it.
        await File.WriteAllTextAsync(settings, """{ "IsEncrypted": false, "Values": { "AzureWebJobs.GetItem.Disabled": true } }""");
        var options = TestApp.Options(azurite, TestApp.NewQueueName());
        options.ReadSettingsFile = true;
        options.SettingsFile = settings;
        options.ReadEnvironmentVariables = true;
        // Only this test reads environment variables (TestApp.Options turns them off), so the variable stays local to it.
        const string variable = "AzureWebJobs_Explode_Disabled";
        Environment.SetEnvironmentVariable(variable, "1");
        try
        {
            await using var host = await TestApp.StartAsync(options);
            using var client = new HttpClient { BaseAddress = host.BaseAddress };

            using var item = await client.GetAsync(new Uri($"items/{Guid.NewGuid()}", UriKind.Relative));
            using var explode = await client.GetAsync(new Uri("explode", UriKind.Relative));

            Assert.Equal(HttpStatusCode.NotFound, item.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, explode.StatusCode); // a 500 if it ran
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
