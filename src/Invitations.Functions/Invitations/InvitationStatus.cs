namespace Invitations.Invitations;

/// <summary>Pending moves to exactly one of the others; none of the others moves again.</summary>
public enum InvitationStatus
{
    Pending,
    Accepted,
    Revoked,
    Expired,
}
