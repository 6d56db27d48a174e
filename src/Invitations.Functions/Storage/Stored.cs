using Azure;
using Invitations.Invitations;

namespace Invitations.Storage;

/// <summary>
/// A value as read from storage with the ETag every conditional update must present. <see cref="Revision"/> is
/// storage bookkeeping (history rows written so far), carried so the next update numbers its rows uniquely.
/// </summary>
public sealed record Stored<T>(T Value, ETag ETag, long Revision = 0);

/// <summary>A page of a list query; <see cref="ContinuationToken"/> is opaque and null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);

/// <summary>
/// Another writer changed the row between our read and our write (HTTP 412 / 409 from storage).
/// The caller re-reads and re-applies the rules, or reports <c>conflict</c>.
/// </summary>
public sealed class ConcurrencyConflictException : DomainException
{
    public ConcurrencyConflictException()
        : base(InvitationErrorCodes.Conflict, "The invitation was changed by someone else at the same time. Reload and try again.")
    {
    }

    public ConcurrencyConflictException(string message)
        : base(InvitationErrorCodes.Conflict, message)
    {
    }

    public ConcurrencyConflictException(string message, Exception innerException)
        : base(InvitationErrorCodes.Conflict, message, innerException)
    {
    }
}

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

/// <summary>A create carried an Idempotency-Key that a concurrent create stored first; read it and replay.</summary>
public sealed class IdempotencyKeyTakenException : Exception
{
    public IdempotencyKeyTakenException()
        : base("The idempotency key was used by a concurrent request.")
    {
    }

    public IdempotencyKeyTakenException(string message)
        : base(message)
    {
    }

    public IdempotencyKeyTakenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
