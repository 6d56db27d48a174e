namespace Invitations.Storage;

/// <summary>
/// The stored response of a request sent with an <c>Idempotency-Key</c> (row <c>idem|{key}</c>), written in the
/// same transaction as the change it answers, so a retry replays exactly what the first call answered.
/// </summary>
public sealed record IdempotencyRecord(
    string Key,
    string RequestHash,
    Guid InvitationId,
    int StatusCode,
    string? Location,
    string Body,
    DateTimeOffset CreatedAt);
