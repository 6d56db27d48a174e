using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Invitations.LocalHost.Metadata;
using Invitations.LocalHost.Queues;
using Invitations.LocalHost.Tests.Support;
using Invitations.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Invitations.LocalHost.Tests.Queues;

[Collection(AzuriteTests.Name)]
public sealed class QueueMessageHandlerTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Receive = TimeSpan.FromMinutes(1);

    private readonly List<(BinaryData Body, long DequeueCount)> _invocations = [];

    private async Task<(QueueClient Queue, QueueClient Poison)> NewQueueAsync()
    {
        var service = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.None });
        var queue = service.GetQueueClient(TestApp.NewQueueName());
        await queue.CreateAsync();
        return (queue, service.GetQueueClient(queue.Name + "-poison"));
    }

    private QueueMessageHandler Handler(QueueClient queue, QueueClient poison, QueuesHostOptions options, bool fail) =>
        new("Fn", queue, poison, options, (message, body, _) =>
        {
            _invocations.Add((body, message.DequeueCount));
            return fail ? Task.FromException(new InvalidOperationException("boom")) : Task.CompletedTask;
        }, NullLogger.Instance, TimeProvider.System);

    private static async Task<QueueMessage> ReceiveOneAsync(QueueClient queue)
    {
        QueueMessage[] messages = [];
        await Eventually.TrueAsync(async () => (messages = (await queue.ReceiveMessagesAsync(1, Receive)).Value).Length == 1,
            TimeSpan.FromSeconds(10), "a visible message");
        return messages[0];
    }

    private static async Task<int> CountAsync(QueueClient queue) =>
        await queue.ExistsAsync() ? (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;

    [Fact]
    public async Task Success_invokes_with_the_decoded_body_and_deletes_the_message()
    {
        var (queue, poison) = await NewQueueAsync();
        await queue.SendMessageAsync(Convert.ToBase64String("""{"text":"ok"}"""u8.ToArray()));

        var outcome = await Handler(queue, poison, new QueuesHostOptions(), fail: false).HandleAsync(await ReceiveOneAsync(queue), CancellationToken.None);

        Assert.Equal(QueueMessageOutcome.Succeeded, outcome);
        Assert.Equal("""{"text":"ok"}""", Assert.Single(_invocations).Body.ToString());
        Assert.Equal(0, await CountAsync(queue));
    }

    [Fact]
    public async Task A_failure_below_max_dequeue_count_makes_the_message_visible_again_after_the_visibility_timeout()
    {
        var (queue, poison) = await NewQueueAsync();
        await queue.SendMessageAsync(Convert.ToBase64String("x"u8.ToArray()));
        var options = new QueuesHostOptions { MaxDequeueCount = 3, VisibilityTimeout = TimeSpan.FromSeconds(1) };
        var handler = Handler(queue, poison, options, fail: true);

        Assert.Equal(QueueMessageOutcome.Failed, await handler.HandleAsync(await ReceiveOneAsync(queue), CancellationToken.None));

        Assert.Empty((await queue.ReceiveMessagesAsync(1, Receive)).Value); // hidden for the visibility timeout
        var again = await ReceiveOneAsync(queue);
        Assert.Equal(2, again.DequeueCount);
        Assert.False(await poison.ExistsAsync());
    }

    [Fact]
    public async Task The_failure_at_max_dequeue_count_moves_the_raw_message_to_the_poison_queue()
    {
        var (queue, poison) = await NewQueueAsync();
        var raw = Convert.ToBase64String("""{"text":"poison"}"""u8.ToArray());
        await queue.SendMessageAsync(raw);
        var options = new QueuesHostOptions { MaxDequeueCount = 2, VisibilityTimeout = TimeSpan.Zero };
        var handler = Handler(queue, poison, options, fail: true);

        Assert.Equal(QueueMessageOutcome.Failed, await handler.HandleAsync(await ReceiveOneAsync(queue), CancellationToken.None));
        Assert.Equal(QueueMessageOutcome.Poisoned, await handler.HandleAsync(await ReceiveOneAsync(queue), CancellationToken.None));

        Assert.Equal([1L, 2L], _invocations.Select(i => i.DequeueCount));
        Assert.Equal(0, await CountAsync(queue));
        var poisoned = Assert.Single((await poison.ReceiveMessagesAsync(32)).Value);
        Assert.Equal(raw, poisoned.MessageText);
    }

    [Fact]
    public async Task A_message_received_more_often_than_allowed_goes_to_poison_without_running()
    {
        var (queue, poison) = await NewQueueAsync();
        await queue.SendMessageAsync(Convert.ToBase64String("x"u8.ToArray()));
        for (var i = 0; i < 2; i++)
        {
            var message = await ReceiveOneAsync(queue);
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }

        var outcome = await Handler(queue, poison, new QueuesHostOptions { MaxDequeueCount = 2 }, fail: false)
            .HandleAsync(await ReceiveOneAsync(queue), CancellationToken.None);

        Assert.Equal(QueueMessageOutcome.Poisoned, outcome);
        Assert.Empty(_invocations);
        Assert.Equal(1, await CountAsync(poison));
    }

    [Fact]
    public async Task Text_that_is_not_base64_goes_to_poison_at_once_under_the_default_encoding()
    {
        var (queue, poison) = await NewQueueAsync();
        await queue.SendMessageAsync("""{"text":"not encoded"}""");

        var outcome = await Handler(queue, poison, new QueuesHostOptions(), fail: false).HandleAsync(await ReceiveOneAsync(queue), CancellationToken.None);

        Assert.Equal(QueueMessageOutcome.Poisoned, outcome);
        Assert.Empty(_invocations);
        Assert.Equal("""{"text":"not encoded"}""", Assert.Single((await poison.ReceiveMessagesAsync(32)).Value).MessageText);
    }

    [Fact]
    public async Task With_encoding_none_plain_text_is_processed_as_it_is()
    {
        var (queue, poison) = await NewQueueAsync();
        await queue.SendMessageAsync("""{"text":"plain"}""");
        var options = new QueuesHostOptions { MessageEncoding = global::Invitations.LocalHost.Metadata.QueueMessageEncoding.None };

        var outcome = await Handler(queue, poison, options, fail: false).HandleAsync(await ReceiveOneAsync(queue), CancellationToken.None);

        Assert.Equal(QueueMessageOutcome.Succeeded, outcome);
        Assert.Equal("""{"text":"plain"}""", Assert.Single(_invocations).Body.ToString());
    }
}
