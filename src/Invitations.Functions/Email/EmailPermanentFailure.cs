namespace Invitations.Email;

/// <summary>Retrying cannot help (invalid recipient, domain not linked, all recipients suppressed, bad request).</summary>
public sealed record EmailPermanentFailure(string Reason, string? Code) : EmailSendOutcome;
