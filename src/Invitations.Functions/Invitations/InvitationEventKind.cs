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
    EmailDropped,
    RoleChanged,
}
