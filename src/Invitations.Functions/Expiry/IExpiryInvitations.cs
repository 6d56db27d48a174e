using Azure;
using Invitations.Invitations;

namespace Invitations.Expiry;

/// <summary>An invitation as read, with the ETag its update must match.</summary>
public sealed record StoredInvitation(Invitation Invitation, ETag ETag);

/// <summary>
/// What the sweep needs of the invitation repository: a point read and an ETag-conditional update that
/// writes the invitation with its new history rows in one partition transaction.
/// </summary>
public interface IExpiryInvitations
{
    Task<StoredInvitation?> ReadAsync(string accountId, Guid invitationId, CancellationToken ct);

    /// <returns>False when the ETag no longer matches (someone changed the invitation since it was read).</returns>
    Task<bool> TryUpdateAsync(StoredInvitation stored, CancellationToken ct);
}
