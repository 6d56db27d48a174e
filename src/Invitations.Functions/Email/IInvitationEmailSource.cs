using Invitations.Email.Rendering;
using Invitations.Invitations;

namespace Invitations.Email;

/// <summary>
/// What the email dispatcher needs from invitation storage (implemented by the invitations feature):
/// the content of one invitation's email and the record of each send on the invitation.
/// </summary>
public interface IInvitationEmailSource
{
    /// <summary>
    /// Loads the invitation of <paramref name="job"/>; null when it does not exist (yet).
    /// <see cref="InvitationEmailContext.Send"/> is the record of this job's send (same link version and send number), if any.
    /// </summary>
    Task<InvitationEmailContext?> LoadAsync(EmailJob job, CancellationToken cancellationToken);

    /// <summary>Records the delivery status of this job's send on the invitation (visible in GET and list).</summary>
    Task RecordAsync(EmailJob job, EmailDeliveryUpdate update, CancellationToken cancellationToken);
}

/// <param name="Email">The email's content and recipient.</param>
/// <param name="IsCurrent">
/// False when the job is stale: the invitation is no longer pending, its link version moved on, or a later send
/// number was queued. A stale job is dropped, so a dead link is never mailed.
/// </param>
/// <param name="Send">What was recorded of this send so far (null: nothing yet).</param>
public sealed record InvitationEmailContext(InvitationEmailModel Email, bool IsCurrent, EmailSendRecord? Send)
{
    /// <summary>
    /// True when the job's (link version, send number) is not on the invitation yet: the API queues before it writes,
    /// so the write may still be landing. Retried for a grace period, then dropped as an orphan.
    /// </summary>
    public bool IsAhead { get; init; }

    /// <summary>Why a job that is not current is stale, for its trace (for example "the invitation expired").</summary>
    public string? StaleReason { get; init; }
}

/// <summary>The recorded state of one send (one operation id).</summary>
public sealed record EmailSendRecord(Guid OperationId, EmailDeliveryStatus Status, int Attempts);

/// <summary>One status change: the time, the attempt count, the ACS operation id and a short reason.</summary>
public sealed record EmailDeliveryUpdate(
    EmailDeliveryStatus Status,
    Guid OperationId,
    int Attempts,
    DateTimeOffset At,
    string? Reason = null,
    string? MessageId = null);

/// <summary>Puts an email job back on the queue, invisible for a while (used after a 429).</summary>
public interface IEmailJobScheduler
{
    Task ScheduleAsync(EmailJob job, TimeSpan delay, CancellationToken cancellationToken);
}
