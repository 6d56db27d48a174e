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

    /// <summary>
    /// Claims this job's send for this delivery before its email is POSTed: records <c>sending</c> with one more
    /// attempt, only while the send still has the attempts this delivery saw in <paramref name="context"/>, and indexes
    /// the message id for delivery reports. Null when another delivery claimed it first or the invitation moved on:
    /// then this delivery must not POST.
    /// </summary>
    Task<EmailSendClaim?> ClaimAsync(EmailJob job, InvitationEmailContext context, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Records the delivery status of this job's send on the invitation (visible in GET and list). The delivery's
    /// <paramref name="claim"/>, when it holds one, spares a read.
    /// </summary>
    Task RecordAsync(EmailJob job, EmailDeliveryUpdate update, EmailSendClaim? claim, CancellationToken cancellationToken);
}
