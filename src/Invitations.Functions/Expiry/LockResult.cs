using Azure;

namespace Invitations.Expiry;

public readonly record struct LockResult(bool Acquired, ETag ETag, string? PreviousHolder);
