using Invitations.Invitations;
using Invitations.Storage;

namespace Invitations.Expiry;

/// <summary>
/// Where the expiry sweep learns which invitations expire when. The invitation repository calls
/// <see cref="RecordAsync"/> <b>before</b> it writes a create or a reissue (whenever ExpiresAt changes), so an
/// invitation never exists in storage without an index entry; a stale entry (the write then failed) is harmless to
/// the sweep, which checks the invitation before it changes anything.
/// </summary>
public interface IExpiryIndex
{
    Task RecordAsync(string accountId, Guid invitationId, DateTimeOffset expiresAt, CancellationToken ct);

    /// <summary>
    /// After a write of a pending invitation succeeded: stamps its index row with the invitation's ETag, link version
    /// and event count, so the sweep can expire it with no read when nothing changed since. Best effort, never throws
    /// (a row without a current stamp only costs the sweep a point read).
    /// </summary>
    Task RecordWrittenAsync(Stored<Invitation> written, CancellationToken ct);
}
