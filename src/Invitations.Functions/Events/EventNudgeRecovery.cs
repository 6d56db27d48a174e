using Microsoft.Extensions.Logging;

namespace Invitations.Events;

/// <summary>
/// Puts poisoned nudges back on the relay's queue. A nudge lands in poison only when the relay failed for an
/// unexpected reason (storage down) on every delivery; its outbox rows are still there, so moving it back is all
/// recovery takes. Unreadable messages stay in poison for inspection.
/// </summary>
public sealed class EventNudgeRecovery(EventQueues queues, ILogger<EventNudgeRecovery> logger)
{
    public const int MaxMessagesPerRun = 1000;

    public async Task<(int Moved, int Left)> RunAsync(CancellationToken ct)
    {
        if (!await queues.Poison.ExistsAsync(ct))
        {
            return (0, 0);
        }

        var moved = 0;
        var left = 0;
        while (moved + left < MaxMessagesPerRun)
        {
            // Unreadable ones stay invisible for the rest of this run, so the loop ends.
            var messages = (await queues.Poison.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5), ct)).Value;
            if (messages.Length == 0)
            {
                break;
            }

            foreach (var message in messages)
            {
                if (EventNudge.TryParse(message.Body.ToString(), out var nudge))
                {
                    await queues.SendAsync(nudge, TimeSpan.Zero, ct);
                    await queues.Poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                    moved++;
                }
                else
                {
                    left++;
                }
            }
        }

        if (moved + left > 0)
        {
            EventsLog.NudgesRecovered(logger, moved, left, queues.Main.Name);
        }

        return (moved, left);
    }
}
