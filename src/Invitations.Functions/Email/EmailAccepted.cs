namespace Invitations.Email;

/// <summary>ACS accepted the email (202). <paramref name="MessageId"/> is what delivery reports carry.</summary>
public sealed record EmailAccepted(Guid OperationId, string? MessageId) : EmailSendOutcome;
