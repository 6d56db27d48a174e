using Azure.Storage.Queues;
using Invitations.LocalHost.Tests.Support;
using Invitations.TestFunctionApp;
using Invitations.TestSupport;

namespace Invitations.LocalHost.Tests.EndToEnd;

/// <summary>
/// The test app's queue trigger through the local host against Azurite. Its host.json: batchSize 4, maxDequeueCount 3,
/// visibilityTimeout 200 ms, maxPollingInterval 500 ms, base64.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class QueueDispatchTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private QueueClient Queue(string name) =>
        new(azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    [Fact]
    public async Task Each_message_is_processed_exactly_once_and_then_deleted()
    {
        var name = TestApp.NewQueueName();
        var queue = Queue(name);
        await queue.CreateAsync();
        var ids = new Dictionary<string, string>();
        for (var i = 0; i < 10; i++)
        {
            var text = $"job-{i}";
            ids[text] = (await queue.SendMessageAsync($$"""{"text":"{{text}}"}""")).Value.MessageId;
        }

        await using var host = await TestApp.StartAsync(TestApp.Options(azurite, name));
        var recorder = host.Recorder();
        await Eventually.TrueAsync(() => recorder.Jobs.Count >= 10, Timeout, "ten jobs processed");
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // long enough for a redelivery to show up

        var jobs = recorder.Jobs.ToArray();
        Assert.Equal(ids.Keys.Order(StringComparer.Ordinal), jobs.Select(j => j.Text).Order(StringComparer.Ordinal));
        Assert.All(jobs, job =>
        {
            Assert.True(job.Succeeded);
            Assert.Equal(1, job.DequeueCount);
            Assert.Equal(ids[job.Text], job.MessageId); // binding data by parameter name
        });
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(10, host.InvocationLines().Count(line => line.StartsWith("Executed ProcessTestJob [queueTrigger] Succeeded", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_message_that_always_fails_reaches_the_poison_queue_after_max_dequeue_count()
    {
        var name = TestApp.NewQueueName();
        var queue = Queue(name);
        await queue.CreateAsync();
        var sent = await queue.SendMessageAsync($$"""{"text":"{{TestJobFunction.PoisonMarker}}-1"}""");

        await using var host = await TestApp.StartAsync(TestApp.Options(azurite, name));
        var poison = Queue(name + "-poison");
        await Eventually.TrueAsync(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync(1)).Value.Length == 1,
            Timeout, "the message in the poison queue");

        var attempts = host.Recorder().Jobs.ToArray();
        Assert.Equal([1L, 2L, 3L], attempts.Select(a => a.DequeueCount));
        Assert.All(attempts, a => Assert.Equal(sent.Value.MessageId, a.MessageId));
        var poisoned = Assert.Single((await poison.PeekMessagesAsync(10)).Value);
        Assert.Equal($$"""{"text":"{{TestJobFunction.PoisonMarker}}-1"}""", poisoned.Body.ToString());
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_queue_that_does_not_exist_yet_is_polled_until_it_does()
    {
        var name = TestApp.NewQueueName();

        await using var host = await TestApp.StartAsync(TestApp.Options(azurite, name));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var queue = Queue(name);
        await queue.CreateAsync();
        await queue.SendMessageAsync("""{"text":"late"}""");

        await Eventually.TrueAsync(() => !host.Recorder().Jobs.IsEmpty, Timeout, "the job in the late queue");
        Assert.Equal("late", Assert.Single(host.Recorder().Jobs).Text);
    }
}
