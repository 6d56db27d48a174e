using Azure.Messaging;

namespace Invitations.Events;

/// <summary>An unpublished event as stored in the account's partition.</summary>
public sealed record OutboxRow(string RowKey, Guid InvitationId, long Sequence, CloudEvent Event, DateTimeOffset? StoredAt, Azure.ETag ETag);
