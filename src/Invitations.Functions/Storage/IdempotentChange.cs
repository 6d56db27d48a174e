using Invitations.Invitations;

namespace Invitations.Storage;

/// <summary>
/// An <c>Idempotency-Key</c> on a change: <paramref name="Answer"/> builds the stored answer from the invitation as the
/// rules left it, and it is written in the change's transaction. A key already stored is replayed instead.
/// </summary>
public sealed record IdempotentChange(string Key, Func<Invitation, IdempotencyRecord> Answer);
