namespace Invitations.Invitations;

/// <summary>
/// Pending moves to accepted, revoked or expired. Accepted and revoked are final; an expired invitation returns to
/// pending only through "Send new invitation" (a new link with a new window).
/// </summary>
public enum InvitationStatus
{
    Pending,
    Accepted,
    Revoked,
    Expired,
}
