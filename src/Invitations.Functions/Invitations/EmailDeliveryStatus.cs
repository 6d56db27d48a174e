namespace Invitations.Invitations;

public enum EmailDeliveryStatus
{
    Queued,
    Sending,
    Sent,
    Delivered,
    Bounced,
    Suppressed,
    Failed,
}
