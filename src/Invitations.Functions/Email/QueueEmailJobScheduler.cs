using Azure.Storage.Queues;
using Invitations.Storage;
using Microsoft.Extensions.Configuration;

namespace Invitations.Email;

/// <summary>
/// Puts an email job on the email queue (setting <c>EmailQueueName</c>, default <c>invitation-emails</c>),
/// invisible for a delay: how a 429's Retry-After is honoured without sleeping in the function.
/// </summary>
public sealed class QueueEmailJobScheduler : IEmailJobScheduler
{
    public const string QueueNameSetting = "EmailQueueName";
    public const string DefaultQueueName = "invitation-emails";

    // Storage queues allow a visibility timeout below 7 days.
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1);

    private readonly QueueClient _queue;
    private readonly CreateOnce _creation;

    public QueueEmailJobScheduler(QueueServiceClient queues, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(configuration);
        var name = configuration[QueueNameSetting];
        _queue = queues.GetQueueClient(string.IsNullOrWhiteSpace(name) ? DefaultQueueName : name);
        _creation = new CreateOnce(() => _queue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None));
    }

    public string QueueName => _queue.Name;

    public async Task ScheduleAsync(EmailJob job, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await _creation.EnsureAsync(cancellationToken);

        var visibility = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;

        // Round up: a Retry-After of 1.2 s must not come back after 1 s.
        visibility = TimeSpan.FromSeconds(Math.Ceiling(visibility.TotalSeconds));
        await _queue.SendMessageAsync(job.ToJson(), visibilityTimeout: visibility, cancellationToken: cancellationToken);
    }
}
