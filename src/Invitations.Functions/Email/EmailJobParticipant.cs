using Invitations.Invitations;
using Invitations.Storage;

namespace Invitations.Email;

/// <summary>
/// The email side of the write path: a change whose rules queued an email (create, resend, send new invitation) puts
/// its job on the queue before the change commits. If the commit then fails, the job names a send the invitation does
/// not have, and the dispatcher drops it after a grace period; a retried change may queue the same send twice, and
/// the dispatcher's claim makes that one email.
/// </summary>
public sealed class EmailJobParticipant(IEmailJobQueue queue) : IInvitationWriteParticipant
{
    public async Task BeforeCommitAsync(InvitationChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (JobOf(change) is { } job)
        {
            change.SideEffects.Record(this, await queue.EnqueueAsync(job, TimeSpan.Zero, ct));
        }
    }

    /// <summary>A refused change takes its job back, so the refusal leaves no message on the queue.</summary>
    public async Task AbandonAsync(InvitationChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.SideEffects.TryTake<EmailJobReceipt>(this, out var receipt))
        {
            await queue.TryDeleteAsync(receipt, ct);
        }
    }

    /// <summary>The job of the change's email, if its rules queued one: the invitation's current send.</summary>
    public static EmailJob? JobOf(InvitationChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var kinds = change.Events.Select(e => e.Event.Kind).ToHashSet();
        if (!kinds.Contains(InvitationEventKind.EmailQueued))
        {
            return null;
        }

        var kind = kinds.Contains(InvitationEventKind.Reissued) ? EmailJobKinds.Reissue
            : kinds.Contains(InvitationEventKind.Resent) ? EmailJobKinds.Resend
            : EmailJobKinds.Invitation;
        var invitation = change.Invitation;
        return new EmailJob(invitation.AccountId, invitation.Id, invitation.LinkVersion, invitation.SendNumber, kind);
    }
}
