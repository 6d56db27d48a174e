using Microsoft.Azure.Functions.Worker;

namespace Invitations.Events;

/// <summary>The relay's trigger: one nudge, one run over its account's outbox. Thin: the relay does the work.</summary>
public sealed class RelayInvitationEventsFunction(EventOutboxRelay relay)
{
    [Function(nameof(RelayInvitationEvents))]
    public async Task RelayInvitationEvents(
        [QueueTrigger("%" + EventQueues.QueueNameSetting + "%", Connection = "InvitationsStorage")] string message,
        CancellationToken cancellationToken)
    {
        if (!EventNudge.TryParse(message, out var nudge))
        {
            throw new InvalidOperationException("The message is not an event nudge."); // lands in poison for inspection
        }

        await relay.RelayAsync(nudge, cancellationToken);
    }
}
