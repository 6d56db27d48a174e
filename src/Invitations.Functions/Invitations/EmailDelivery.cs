namespace Invitations.Invitations;

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
