using Azure;
using Invitations.Invitations;

namespace Invitations.Storage;

/// <summary>
/// The stored response of a create sent with an <c>Idempotency-Key</c> (row <c>idem|{key}</c>), written in the
/// same transaction as the invitation so a retry replays exactly what the first call answered.
/// </summary>
public sealed record IdempotencyRecord(
    string Key,
    string RequestHash,
    Guid InvitationId,
    string Body,
    DateTimeOffset CreatedAt);
