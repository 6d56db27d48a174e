namespace Invitations.Email;

/// <summary>
/// Puts email jobs on the queue. The API calls it <b>before</b> it writes the change that promises the email
/// ("queue first, then write", docs/architecture.md), so a stored "email queued" is never a lie.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is a queue of email jobs.")]
public interface IEmailJobQueue
{
    Task EnqueueAsync(EmailJob job, CancellationToken ct);
}
