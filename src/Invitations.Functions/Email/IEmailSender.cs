namespace Invitations.Email;

/// <summary>
/// Sends one email through whatever transport is configured (ACS REST, or local .eml files).
/// Kept small so the ACS SDK can replace the REST client in one class if it becomes available.
/// </summary>
public interface IEmailSender
{
    /// <summary>
    /// Sends <paramref name="message"/> once. <paramref name="operationId"/> is the idempotency key:
    /// a repeated call with the same id refers to the same operation and never sends a second email.
    /// </summary>
    Task<EmailSendOutcome> SendAsync(EmailMessage message, Guid operationId, CancellationToken cancellationToken);

    /// <summary>Asks what became of an earlier send, e.g. when a crash left its outcome unknown.</summary>
    Task<EmailOperationStatus> GetOperationStatusAsync(Guid operationId, CancellationToken cancellationToken);
}
