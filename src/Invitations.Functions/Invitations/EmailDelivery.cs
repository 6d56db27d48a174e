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
}

/// <summary>
/// What happened to the latest email of an invitation, so an admin can tell "email failed: recipient
/// suppressed" and copy the link instead. <see cref="SendNumber"/> and <see cref="LinkVersion"/> say which send it describes.
/// </summary>
public sealed record EmailDelivery(
    EmailDeliveryStatus Status,
    DateTimeOffset At,
    int LinkVersion,
    int SendNumber,
    int Attempts = 0,
    string? OperationId = null,
    string? MessageId = null,
    string? Reason = null);
