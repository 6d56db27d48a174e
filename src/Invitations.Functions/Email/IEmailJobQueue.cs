namespace Invitations.Email;

/// <summary>
/// The one producer of the email queue (setting <c>EmailQueueName</c>, default <c>invitation-emails</c>): the write
/// path queues a change's job <b>before</b> it commits ("queue first, then write", docs/architecture.md), and the
/// dispatcher puts a throttled job back for after Retry-After instead of sleeping.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is a queue of email jobs.")]
public interface IEmailJobQueue
{
    /// <param name="job">The job.</param>
    /// <param name="delay">How long the job stays invisible (zero: at once).</param>
    /// <param name="ct">Cancellation.</param>
    Task<EmailJobReceipt> EnqueueAsync(EmailJob job, TimeSpan delay, CancellationToken ct);

    /// <summary>Takes back a job whose change was refused. False when it is gone or already received (then the dispatcher drops it as an orphan).</summary>
    Task<bool> TryDeleteAsync(EmailJobReceipt receipt, CancellationToken ct);
}
