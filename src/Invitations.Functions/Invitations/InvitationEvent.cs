namespace Invitations.Invitations;

public enum InvitationEventKind
{
    Created,
    EmailQueued,
    Resent,
    LinkCopied,
    Reissued,
    Revoked,
    Expired,
    Accepted,
    EmailSent,
    EmailDelivered,
    EmailFailed,
    RoleChanged,
}

/// <summary>One audit entry. Details carry non-secret facts only (link version, reason), never a token.</summary>
public sealed record InvitationEvent(InvitationEventKind Kind, Actor Actor, DateTimeOffset At, int LinkVersion, string? Details = null);
