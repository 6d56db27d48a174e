using Invitations.Invitations;

namespace Invitations.Storage;

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
