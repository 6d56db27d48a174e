using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Queues;
using Invitations.Email;
using Invitations.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Invitations.Tests.Email;

/// <summary>
/// The poison-queue alert and the workbook read what <see cref="EmailQueueDepthReporter"/> emits: the event name,
/// its property names, and the poison queue under the name the app gives it; and the reporter measures real queues.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed partial class EmailQueueAlertContractTests(AzuriteFixture azurite)
{
    private static readonly string[] EmittedProperties = [.. EmailQueueDepthEvent.Properties("q", 0, "q-poison", 0).Keys];

    [GeneratedRegex(@"\bd\.([a-z]\w*)")]
    private static partial Regex Dimension();

    private static void AssertMatchesTheEvent(string kql)
    {
        Assert.Contains($"customEvents | where name == \"{EmailQueueDepthEvent.Name}\"", kql, StringComparison.Ordinal);
        var reads = Dimension().Matches(kql).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(reads);
        Assert.All(reads, read => Assert.Contains(read, EmittedProperties));
    }

    [Fact]
    public void The_poison_alert_fires_only_when_every_measurement_of_15_minutes_found_the_poison_queue_not_empty()
    {
        var bicep = File.ReadAllText(RepositoryPaths.Combine("infra", "modules", "alerts.bicep"));
        var query = bicep[bicep.IndexOf("var poisonQueueQuery", StringComparison.Ordinal)..bicep.IndexOf("resource poisonQueueAlert", StringComparison.Ordinal)];
        var rule = bicep[bicep.IndexOf("resource poisonQueueAlert", StringComparison.Ordinal)..];

        AssertMatchesTheEvent(query);
        Assert.Contains("tostring(d.poisonQueue) == '__POISON_QUEUE__'", query, StringComparison.Ordinal);
        Assert.Contains("replace(poisonQueueQuery, '__POISON_QUEUE__', '${emailQueueName}-poison')", rule, StringComparison.Ordinal);
        Assert.Contains("where samples >= 10 and emptySamples == 0", query, StringComparison.Ordinal);
        Assert.Contains("windowSize: 'PT15M'", rule[..rule.IndexOf("criteria", StringComparison.Ordinal)], StringComparison.Ordinal);
        // 10 samples in 15 minutes needs the measurement at least every minute, in Azure and locally.
        Assert.Contains("EmailQueueDepthSchedule: '0 * * * * *'", File.ReadAllText(RepositoryPaths.Combine("infra", "modules", "functionapp.bicep")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_workbook_shows_the_queue_depth_with_emitted_properties()
    {
        using var workbook = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "modules", "workbook.json")));
        var queries = workbook.RootElement.GetProperty("items").EnumerateArray()
            .Where(item => item.GetProperty("type").GetInt32() == 3)
            .Select(item => item.GetProperty("content").GetProperty("query").GetString() ?? "")
            .Where(q => q.Contains(EmailQueueDepthEvent.Name, StringComparison.Ordinal))
            .ToList();

        Assert.Equal(2, queries.Count); // the condition now, and the depth over time
        Assert.All(queries, AssertMatchesTheEvent);
    }

    [Fact]
    public async Task The_reporter_counts_the_queue_and_its_poison_queue_under_the_names_the_alert_expects()
    {
        var name = "depth-" + Guid.NewGuid().ToString("N")[..10];
        var service = new QueueServiceClient(azurite.ConnectionString);
        var queues = new EmailQueues(service, new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["EmailQueueName"] = name }).Build());
        var telemetry = new RecordingOperationsTelemetry();
        var reporter = new EmailQueueDepthReporter(queues, telemetry, NullLogger<EmailQueueDepthReporter>.Instance);

        Assert.Equal((0, 0), await reporter.ReportAsync(CancellationToken.None)); // neither queue exists yet
        await queues.Main.CreateAsync();
        await queues.Poison.CreateAsync();
        await queues.Main.SendMessageAsync("a");
        await queues.Poison.SendMessageAsync("b");
        await queues.Poison.SendMessageAsync("c");

        Assert.Equal((1, 2), await reporter.ReportAsync(CancellationToken.None));

        var last = telemetry.Events[^1];
        Assert.Equal(EmailQueueDepthEvent.Name, last.Name);
        Assert.Equal(name + "-poison", last.Properties["poisonQueue"]);
        Assert.Equal("2", last.Properties["poisonMessages"]);
        Assert.Equal(2, last.Metrics[EmailQueueDepthEvent.PoisonMessagesMetric]);
    }
}
