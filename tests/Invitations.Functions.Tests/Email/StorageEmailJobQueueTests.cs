using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Invitations.Email;
using Invitations.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Invitations.Tests.Email;

[Collection(AzuriteTests.Name)]
public sealed class StorageEmailJobQueueTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_job_lands_on_the_configured_queue_as_base64_camel_case_json()
    {
        var queueName = "jobs-" + Guid.NewGuid().ToString("N")[..10];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["EmailQueueName"] = queueName }).Build();
        var queue = new StorageEmailJobQueue(
            new EmailQueues(new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }), configuration),
            NullLogger<StorageEmailJobQueue>.Instance);
        var id = Guid.NewGuid();

        await queue.EnqueueAsync(new EmailJob("acct-1", id, 2, 3, EmailJobKinds.Resend), TimeSpan.Zero, CancellationToken.None);

        // Read raw (no decoding) to prove what is on the wire is base64.
        var raw = new QueueClient(azurite.ConnectionString, queueName);
        var message = Assert.Single((await raw.PeekMessagesAsync(10)).Value);
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("acct-1", root.GetProperty("accountId").GetString());
        Assert.Equal(id, root.GetProperty("invitationId").GetGuid());
        Assert.Equal(2, root.GetProperty("linkVersion").GetInt32());
        Assert.Equal(3, root.GetProperty("sendNumber").GetInt32());
        Assert.Equal("resend", root.GetProperty("kind").GetString());
        Assert.Equal(5, root.EnumerateObject().Count());
    }

    [Fact]
    public async Task After_a_429_the_job_is_invisible_for_at_least_retry_after()
    {
        var queueName = "emails-" + Guid.NewGuid().ToString("N")[..12];
        var queues = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["EmailQueueName"] = queueName }).Build();
        var scheduler = new StorageEmailJobQueue(new EmailQueues(queues, configuration), Microsoft.Extensions.Logging.Abstractions.NullLogger<StorageEmailJobQueue>.Instance);
        var job = new EmailJob("acct-1", Guid.NewGuid(), 1, 2, EmailJobKinds.Resend);
        var retryAfter = TimeSpan.FromSeconds(2);

        var scheduledAt = DateTimeOffset.UtcNow;
        await scheduler.EnqueueAsync(job, retryAfter, CancellationToken.None);

        var queue = queues.GetQueueClient(queueName);
        Assert.Empty((await queue.ReceiveMessagesAsync(maxMessages: 1)).Value);

        // Poll until it shows; it must not show before Retry-After has passed.
        Azure.Storage.Queues.Models.QueueMessage? message = null;
        while (message is null && DateTimeOffset.UtcNow - scheduledAt < TimeSpan.FromSeconds(10))
        {
            message = (await queue.ReceiveMessagesAsync(maxMessages: 1)).Value.FirstOrDefault();
            if (message is null)
            {
                await Task.Delay(100);
            }
        }

        Assert.NotNull(message);
        Assert.True(DateTimeOffset.UtcNow - scheduledAt >= retryAfter, "visible before Retry-After");
        Assert.True(EmailJob.TryParse(message.Body.ToString(), out var parsed, out var error), error);
        Assert.Equal(job, parsed);


        // Base64 on the wire, as the Functions queue trigger expects (host.json messageEncoding).
        await scheduler.EnqueueAsync(job, TimeSpan.Zero, CancellationToken.None);
        var raw = Assert.Single((await new QueueClient(azurite.ConnectionString, queueName).PeekMessagesAsync()).Value);
        Assert.Equal(job.ToJson(), Encoding.UTF8.GetString(Convert.FromBase64String(raw.Body.ToString())));
    }
}
