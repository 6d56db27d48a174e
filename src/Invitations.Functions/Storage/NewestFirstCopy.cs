using Azure.Data.Tables;

namespace Invitations.Storage;

/// <summary>
/// Table Storage keeps one row-key order per partition, and invitation ids order oldest first. This participant writes a
/// copy of the invitation row under <see cref="InvitationRows.NewestFirstKey"/> in the same transaction as every change
/// (create, action, email status, expiry), so the newest-first list is a plain range query and never lags. Cost: one
/// entity more per change transaction (no extra request), and each invitation is stored twice (docs/architecture.md).
/// </summary>
public sealed class NewestFirstCopy : IInvitationWriteParticipant
{
    public ValueTask<IReadOnlyList<TableTransactionAction>> PrepareAsync(InvitationChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        var invitation = change.Invitation;
        var copy = InvitationRows.ToEntity(invitation, eventCount: 0);
        copy.RowKey = InvitationRows.NewestFirstKey(invitation.Id, invitation.CreatedAt);
        copy.Remove(InvitationRows.EventCountProperty); // the original row alone carries the history sequence
        return ValueTask.FromResult<IReadOnlyList<TableTransactionAction>>([new(TableTransactionActionType.UpsertReplace, copy)]);
    }
}
