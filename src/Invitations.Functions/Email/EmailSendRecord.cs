using Invitations.Invitations;

namespace Invitations.Email;

/// <summary>The recorded state of one send (one operation id), as of <paramref name="At"/>.</summary>
public sealed record EmailSendRecord(Guid OperationId, EmailDeliveryStatus Status, int Attempts, DateTimeOffset At);
