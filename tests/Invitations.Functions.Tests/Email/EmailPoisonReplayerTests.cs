using Azure.Storage.Queues;
using Invitations.Email;
using Invitations.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Invitations.Tests.Email;

[Collection(AzuriteTests.Name)]
public sealed class EmailPoisonReplayerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Moves_one_accounts_poison_jobs_back_as_replays_and_leaves_the_rest()
    {
        var (_, replayer, main, poison) = await CreateAsync();
        var a1 = new EmailJob("acct-a", Guid.NewGuid(), 1, 1, EmailJobKinds.Invitation);
        var a2 = new EmailJob("acct-a", Guid.NewGuid(), 2, 1, EmailJobKinds.Reissue);
        var b1 = new EmailJob("acct-b", Guid.NewGuid(), 1, 2, EmailJobKinds.Resend);
        foreach (var body in (string[])[a1.ToJson(), b1.ToJson(), "not a job", a2.ToJson()])
        {
            await poison.SendMessageAsync(body);
        }

        var result = await replayer.ReplayAsync("acct-a", 1000, CancellationToken.None);

        Assert.Equal(new PoisonReplayResult(2, 2), result);
        var replayed = await ReceiveJobsAsync(main);
        Assert.Equal(new[] { a1 with { Replays = 1 }, a2 with { Replays = 1 } }.OrderBy(j => j.InvitationId), replayed.OrderBy(j => j.InvitationId));

        // What stayed is visible again at once, so a second run for everyone takes the other account's job.
        var rest = await replayer.ReplayAsync(null, 1000, CancellationToken.None);
        Assert.Equal(new PoisonReplayResult(1, 1), rest);
        Assert.Equal([b1 with { Replays = 1 }], await ReceiveJobsAsync(main));
        Assert.Equal(1, (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task No_poison_queue_moves_nothing()
    {
        var (_, replayer, _, poison) = await CreateAsync();
        await poison.DeleteAsync();

        Assert.Equal(new PoisonReplayResult(0, 0), await replayer.ReplayAsync(null, 10, CancellationToken.None));
    }

    private async Task<(QueueServiceClient Queues, EmailPoisonReplayer Replayer, QueueClient Main, QueueClient Poison)> CreateAsync()
    {
        var name = "emails-" + Guid.NewGuid().ToString("N")[..12];
        var queues = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["EmailQueueName"] = name }).Build();
        var poison = queues.GetQueueClient(name + "-poison");
        await poison.CreateIfNotExistsAsync();
        return (queues, new EmailPoisonReplayer(new EmailQueues(queues, configuration), NullLogger<EmailPoisonReplayer>.Instance), queues.GetQueueClient(name), poison);
    }

    private static async Task<List<EmailJob>> ReceiveJobsAsync(QueueClient queue)
    {
        var jobs = new List<EmailJob>();
        foreach (var message in (await queue.ReceiveMessagesAsync(32)).Value)
        {
            Assert.True(EmailJob.TryParse(message.Body.ToString(), out var job, out var error), error);
            jobs.Add(job);
        }

        return jobs;
    }
}
