namespace Invitations.Invitations;

/// <summary>One audit entry. Details carry non-secret facts only (link version, reason), never a token.</summary>
public sealed record InvitationEvent(InvitationEventKind Kind, Actor Actor, DateTimeOffset At, int LinkVersion, string? Details = null)
{
    /// <summary>
    /// An email outcome's reported status (bounced, suppressed, failed…), set when the rules raise it. It tells an
    /// older send's report apart from the current send's status when the change is published; history rows do not
    /// store it (they are read back without it).
    /// </summary>
    public EmailDeliveryStatus? DeliveryStatus { get; init; }
}
