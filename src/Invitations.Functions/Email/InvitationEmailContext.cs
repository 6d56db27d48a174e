using Invitations.Email.Rendering;
using Invitations.Invitations;
using Invitations.Storage;

namespace Invitations.Email;

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

    /// <summary>The source's own read of the invitation, handed back to <see cref="IInvitationEmailSource.ClaimAsync"/> so it need not read again.</summary>
    public Stored<Invitation>? Snapshot { get; init; }
}
