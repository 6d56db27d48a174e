using Invitations.Invitations;

namespace Invitations.Email;

/// <summary>One status change: the time, the attempt count, the ACS operation id and a short reason.</summary>
public sealed record EmailDeliveryUpdate(
    EmailDeliveryStatus Status,
    Guid OperationId,
    int Attempts,
    DateTimeOffset At,
    string? Reason = null,
    string? MessageId = null);
