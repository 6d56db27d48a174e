namespace Invitations.Invitations;

public enum EmailDeliveryStatus
{
    Queued,
    Sending,

    /// <summary>An attempt failed transiently; the queue retries it (first asking ACS whether that attempt landed).</summary>
    Retrying,
    Sent,
    Delivered,
    Bounced,
    Suppressed,
    Failed,

    /// <summary>Never sent: the job was dropped while the invitation still showed it queued (the reason says why).</summary>
    Dropped,
}
