using Invitations.Invitations;
using Invitations.Storage;

namespace Invitations.Expiry;

/// <summary>
/// The expiry side of the write path: a change that starts a window (create, send new invitation) records its row in
/// the expiry index before the change commits, so the sweep always knows about an invitation that exists.
/// </summary>
public sealed class ExpiryIndexParticipant(ExpiryIndex index) : IInvitationWriteParticipant
{
    public async Task BeforeCommitAsync(InvitationChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        var invitation = change.Invitation;
        if (change.IsCreate)
        {
            change.SideEffects.Record(this, new ExpiryIndexRow(await index.RecordAsync(invitation.AccountId, invitation.Id, invitation.ExpiresAt, ct)));
        }
        else if (change.Events.Any(e => e.Event.Kind == InvitationEventKind.Reissued))
        {
            await index.RecordAsync(invitation.AccountId, invitation.Id, invitation.ExpiresAt, ct);
        }
    }

    /// <summary>
    /// A refused create takes its row back (only if nobody rewrote it). A refused reissue leaves its row: it may have
    /// replaced the row of the live window (same minute), and the sweep heals that, while a delete could lose it.
    /// </summary>
    public async Task AbandonAsync(InvitationChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.SideEffects.TryTake<ExpiryIndexRow>(this, out var created))
        {
            var invitation = change.Invitation;
            await index.DeleteAsync(
                new ExpiryIndexEntry(ExpiryBuckets.KeyOf(invitation.ExpiresAt), invitation.AccountId, invitation.Id, invitation.ExpiresAt, null, created.ETag), ct);
        }
    }
}
