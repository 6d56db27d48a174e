using System.Text;
using Azure.Storage.Queues;
using Invitations.Email;
using Invitations.TestSupport;
using Microsoft.Extensions.Configuration;

namespace Invitations.Tests.Email;

[Collection(AzuriteTests.Name)]
public sealed class QueueEmailJobSchedulerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task After_a_429_the_job_is_invisible_for_at_least_retry_after()
    {
        var queueName = "emails-" + Guid.NewGuid().ToString("N")[..12];
        var queues = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["EmailQueueName"] = queueName }).Build();
        var scheduler = new QueueEmailJobScheduler(new EmailQueues(queues, configuration));
        var job = new EmailJob("acct-1", "inv-1", 1, 2, EmailJobKinds.Resend);
        var retryAfter = TimeSpan.FromSeconds(2);

        var scheduledAt = DateTimeOffset.UtcNow;
        await scheduler.ScheduleAsync(job, retryAfter, CancellationToken.None);

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
        await scheduler.ScheduleAsync(job, TimeSpan.Zero, CancellationToken.None);
        var raw = Assert.Single((await new QueueClient(azurite.ConnectionString, queueName).PeekMessagesAsync()).Value);
        Assert.Equal(job.ToJson(), Encoding.UTF8.GetString(Convert.FromBase64String(raw.Body.ToString())));
    }
}
