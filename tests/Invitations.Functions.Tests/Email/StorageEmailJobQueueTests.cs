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

        await queue.EnqueueAsync(new EmailJob("acct-1", id.ToString(), 2, 3, EmailJobKinds.Resend), CancellationToken.None);

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
}
