namespace Invitations.Expiry;

/// <summary>
/// Where the expiry sweep learns which invitations expire when. The invitation repository calls it
/// <b>before</b> it writes a create or a reissue (whenever ExpiresAt changes), so an invitation never exists
/// in storage without an index entry; a stale entry (the write then failed) is harmless to the sweep,
/// which re-reads the invitation before it changes anything.
/// </summary>
public interface IExpiryIndex
{
    Task RecordAsync(string accountId, Guid invitationId, DateTimeOffset expiresAt, CancellationToken ct);
}
