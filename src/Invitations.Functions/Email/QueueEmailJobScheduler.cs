namespace Invitations.Email;

/// <summary>
/// Puts an email job on the email queue (setting <c>EmailQueueName</c>, default <c>invitation-emails</c>),
/// invisible for a delay: how a 429's Retry-After is honoured without sleeping in the function.
/// </summary>
public sealed class QueueEmailJobScheduler(EmailQueues queues) : IEmailJobScheduler
{
    // Storage queues allow a visibility timeout below 7 days.
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1);

    public string QueueName => queues.Main.Name;

    public async Task ScheduleAsync(EmailJob job, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await queues.EnsureMainCreatedAsync(cancellationToken);

        var visibility = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;

        // Round up: a Retry-After of 1.2 s must not come back after 1 s.
        visibility = TimeSpan.FromSeconds(Math.Ceiling(visibility.TotalSeconds));
        await queues.Main.SendMessageAsync(job.ToJson(), visibilityTimeout: visibility, cancellationToken: cancellationToken);
    }
}
