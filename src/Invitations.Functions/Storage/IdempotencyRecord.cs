namespace Invitations.Storage;

/// <summary>
/// The stored answer of a change sent with an <c>Idempotency-Key</c> (row <c>idem|{key}</c>), written in the
/// same transaction as the change, so a retry replays exactly what the first call answered (the edge adds the status).
/// </summary>
public sealed record IdempotencyRecord(
    string Key,
    string RequestHash,
    Guid InvitationId,
    string Body,
    DateTimeOffset CreatedAt);
