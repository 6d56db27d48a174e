using Invitations.Events;

namespace Invitations.Tests.Events;

/// <summary>Drives the relay the way its queue trigger does: receive a nudge, run the relay, delete it when the run returns.</summary>
internal sealed class NudgePump(EventQueues queues, EventOutboxRelay relay, StorageRequestCounter? counter = null)
{
    /// <summary>Storage requests made by the relay runs (not the pump's receive and delete), when a counter is given.</summary>
    public long RelayRequests { get; set; }

    public async Task<EventRelayOutcome> RunNextAsync(TimeSpan? visibility = null, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        await queues.Main.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        while (true)
        {
            var message = (await queues.Main.ReceiveMessageAsync(visibility ?? TimeSpan.FromSeconds(30), CancellationToken.None)).Value;
            if (message is not null)
            {
                Assert.True(EventNudge.TryParse(message.Body.ToString(), out var nudge));
                var before = counter?.Count ?? 0;
                var outcome = await relay.RelayAsync(nudge, ct);
                RelayRequests += (counter?.Count ?? 0) - before;
                await queues.Main.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
                return outcome;
            }

            Assert.True(DateTime.UtcNow < deadline, "No nudge became visible within 15 s.");
            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>Nudges in the queue, visible or not.</summary>
    public async Task<int> QueuedAsync()
    {
        await queues.Main.CreateIfNotExistsAsync();
        return (await queues.Main.GetPropertiesAsync()).Value.ApproximateMessagesCount;
    }

    /// <summary>Runs the relay until no nudge is left; returns the number of runs.</summary>
    public async Task<int> DrainAsync()
    {
        var runs = 0;
        while (await QueuedAsync() > 0)
        {
            await RunNextAsync();
            runs++;
        }

        return runs;
    }
}
