namespace Invitations.Events;

/// <summary>The CloudEvents <c>type</c> of every event we publish (a contract with subscribers: docs/events.md).</summary>
public static class InvitationEventTypes
{
    public const string Prefix = "Invitations.Invitation.";

    public const string Created = Prefix + "Created";
    public const string Resent = Prefix + "Resent";
    public const string Reissued = Prefix + "Reissued";
    public const string Accepted = Prefix + "Accepted";
    public const string Revoked = Prefix + "Revoked";
    public const string Expired = Prefix + "Expired";
    public const string RoleChanged = Prefix + "RoleChanged";
    public const string EmailSent = Prefix + "EmailSent";
    public const string EmailDelivered = Prefix + "EmailDelivered";
    public const string EmailBounced = Prefix + "EmailBounced";
    public const string EmailSuppressed = Prefix + "EmailSuppressed";
    public const string EmailFailed = Prefix + "EmailFailed";
    public const string EmailDropped = Prefix + "EmailDropped";

    public static IReadOnlyList<string> All { get; } =
    [
        Created, Resent, Reissued, Accepted, Revoked, Expired, RoleChanged,
        EmailSent, EmailDelivered, EmailBounced, EmailSuppressed, EmailFailed, EmailDropped,
    ];
}
