using Microsoft.Azure.Functions.Worker;

namespace Invitations.Email;

/// <summary>
/// The email queue's consumer: one job → at most one email (the rules are in <see cref="InvitationEmailDispatcher"/>).
/// A throw makes the host redeliver; after host.json <c>maxDequeueCount</c> it moves the message to
/// <c>{EmailQueueName}-poison</c> (the dispatcher has recorded <c>failed</c> on that last delivery).
/// </summary>
public sealed class SendInvitationEmailFunction(InvitationEmailDispatcher dispatcher)
{
    [Function(nameof(SendInvitationEmail))]
    public async Task SendInvitationEmail(
        [QueueTrigger("%EmailQueueName%", Connection = "InvitationsStorage")] string message,
        long dequeueCount,
        DateTimeOffset insertionTime,
        CancellationToken cancellationToken)
    {
        if (!EmailJob.TryParse(message, out var job, out var error))
        {
            throw new InvalidOperationException(error); // never valid: lands in poison for inspection
        }

        await dispatcher.DispatchAsync(job, dequeueCount, insertionTime, cancellationToken);
    }
}
