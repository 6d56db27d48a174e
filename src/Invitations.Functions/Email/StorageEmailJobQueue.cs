using Microsoft.Extensions.Logging;

namespace Invitations.Email;

/// <summary><see cref="IEmailJobQueue"/> on Azure Storage Queues (<see cref="EmailQueues.Main"/>).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is a queue of email jobs.")]
public sealed partial class StorageEmailJobQueue(EmailQueues queues, ILogger<StorageEmailJobQueue> logger) : IEmailJobQueue
{
    // Storage queues allow a visibility timeout below 7 days.
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1);

    public string QueueName => queues.Main.Name;

    public async Task<EmailJobReceipt> EnqueueAsync(EmailJob job, TimeSpan delay, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        await queues.EnsureMainCreatedAsync(ct);
        // Round up: a Retry-After of 1.2 s must not come back after 1 s.
        TimeSpan? visibility = delay <= TimeSpan.Zero ? null : TimeSpan.FromSeconds(Math.Ceiling((delay > MaxDelay ? MaxDelay : delay).TotalSeconds));
        var sent = await queues.Main.SendMessageAsync(job.ToJson(), visibilityTimeout: visibility, cancellationToken: ct);
        LogQueued(logger, job.Kind, job.AccountId, job.InvitationId, job.LinkVersion, job.SendNumber, delay);
        return new EmailJobReceipt(sent.Value.MessageId, sent.Value.PopReceipt);
    }

    public async Task<bool> TryDeleteAsync(EmailJobReceipt receipt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        try
        {
            await queues.Main.DeleteMessageAsync(receipt.MessageId, receipt.PopReceipt, ct);
            return true;
        }
        catch (Azure.RequestFailedException e) when (e.Status is 404 or 400)
        {
            // Received meanwhile (a new pop receipt) or gone: the dispatcher drops it as an orphan.
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Kind} email job for invitation {InvitationId} of account {AccountId} (link v{LinkVersion}, send {SendNumber}, delay {Delay})")]
    private static partial void LogQueued(ILogger logger, string kind, string accountId, Guid invitationId, int linkVersion, int sendNumber, TimeSpan delay);
}
