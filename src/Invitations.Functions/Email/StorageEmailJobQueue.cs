using Microsoft.Extensions.Logging;

namespace Invitations.Email;

/// <summary>
/// <see cref="IEmailJobQueue"/> on Azure Storage Queues: a job is visible at once on <see cref="EmailQueues.Main"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is a queue of email jobs.")]
public sealed partial class StorageEmailJobQueue(EmailQueues queues, ILogger<StorageEmailJobQueue> logger) : IEmailJobQueue
{
    public string QueueName => queues.Main.Name;

    public async Task EnqueueAsync(EmailJob job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        await queues.EnsureMainCreatedAsync(ct);
        await queues.Main.SendMessageAsync(job.ToJson(), ct);
        LogQueued(logger, job.Kind, job.AccountId, job.InvitationId, job.LinkVersion, job.SendNumber);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Kind} email job for invitation {InvitationId} of account {AccountId} (link v{LinkVersion}, send {SendNumber})")]
    private static partial void LogQueued(ILogger logger, string kind, string accountId, string invitationId, int linkVersion, int sendNumber);
}
