using Invitations.Invitations;

namespace Invitations.Storage;

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
