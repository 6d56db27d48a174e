using Azure;
using Azure.Data.Tables;
using Invitations.Invitations;
using Invitations.Storage;

namespace Invitations.Expiry;

/// <summary>
/// What the sweep needs of the invitations table: a point read, an ETag-conditional update that writes the
/// invitation with its new history rows in one partition transaction, and the same expiry written without a read
/// from an index row's stamp. A seam so tests can change an invitation before the sweep's write, or fail a write.
/// </summary>
public interface IExpiryInvitations
{
    Task<Stored<Invitation>?> ReadAsync(string accountId, Guid invitationId, CancellationToken ct);

    /// <returns>False when the ETag no longer matches (someone changed the invitation since it was read).</returns>
    Task<bool> TryUpdateAsync(Stored<Invitation> stored, CancellationToken ct);

    /// <summary>
    /// Expires the invitation of a due, stamped index row without reading it: one transaction of a merge conditional
    /// on the stamped ETag and the <c>expired</c> history row.
    /// </summary>
    /// <returns>False when the invitation changed since the stamp (or is gone): the caller reads and decides.</returns>
    Task<bool> TryExpireUnreadAsync(ExpiryIndexEntry entry, DateTimeOffset now, CancellationToken ct);
}

/// <summary>The real one: the invitation repository, and its table for the unread expiry.</summary>
public sealed class RepositoryExpiryInvitations(InvitationRepository repository, InvitationTable table) : IExpiryInvitations
{
    public Task<Stored<Invitation>?> ReadAsync(string accountId, Guid invitationId, CancellationToken ct) =>
        repository.GetAsync(accountId, invitationId, ct);

    public async Task<bool> TryUpdateAsync(Stored<Invitation> stored, CancellationToken ct)
    {
        try
        {
            await repository.UpdateAsync(stored, ct);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
    }

    public async Task<bool> TryExpireUnreadAsync(ExpiryIndexEntry entry, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var written = entry.Written ?? throw new ArgumentException("The index row carries no stamp.", nameof(entry));
        var (merge, history) = InvitationRows.ExpiredUnread(entry.AccountId, entry.InvitationId, entry.ExpiresAt, written.LinkVersion, written.EventCount, now);
        var client = await table.GetClientAsync(ct);
        try
        {
            // Same partition (the account): the invitation and its history row, all or nothing.
            await client.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.UpdateMerge, merge, written.InvitationETag),
                    new TableTransactionAction(TableTransactionActionType.Add, history),
                ],
                ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            // Changed since stamped (accepted, revoked, reissued, resent, a delivery report…) or gone.
            return false;
        }
    }
}
