using Azure;

namespace Invitations.Expiry;

/// <summary>One row of the expiry index: this invitation's window ends at <see cref="ExpiresAt"/>.</summary>
public sealed record ExpiryIndexEntry(string Bucket, string AccountId, Guid InvitationId, DateTimeOffset ExpiresAt, DateTimeOffset? WrittenAt, ETag ETag)
{
    public string RowKey => ExpiryIndex.RowKeyOf(AccountId, InvitationId);
}
