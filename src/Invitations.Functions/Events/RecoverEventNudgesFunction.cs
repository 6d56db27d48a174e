using Microsoft.Azure.Functions.Worker;

namespace Invitations.Events;

/// <summary>Every 5 minutes, poisoned nudges go back to the relay's queue (see <see cref="EventNudgeRecovery"/>).</summary>
public sealed class RecoverEventNudgesFunction(EventNudgeRecovery recovery)
{
    public const string Schedule = "0 */5 * * * *";

    [Function(nameof(RecoverEventNudges))]
    public Task RecoverEventNudges([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        recovery.RunAsync(cancellationToken);
}
