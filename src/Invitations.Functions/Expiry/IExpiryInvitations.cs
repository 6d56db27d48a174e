using Invitations.Invitations;
using Invitations.Storage;

namespace Invitations.Expiry;

/// <summary>
/// What the sweep needs of the invitation repository: a point read, and an ETag-conditional update that writes the
/// invitation with its new history rows in one partition transaction. A seam so tests can change an invitation
/// between the sweep's read and its write, or fail a write.
/// </summary>
public interface IExpiryInvitations
{
    Task<Stored<Invitation>?> ReadAsync(string accountId, Guid invitationId, CancellationToken ct);

    /// <returns>False when the ETag no longer matches (someone changed the invitation since it was read).</returns>
    Task<bool> TryUpdateAsync(Stored<Invitation> stored, CancellationToken ct);
}

/// <summary>The real one: the invitation repository.</summary>
public sealed class RepositoryExpiryInvitations(InvitationRepository repository) : IExpiryInvitations
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
}
