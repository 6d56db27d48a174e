namespace Invitations.Email;

/// <summary>Server errors and timeouts that survived the pipeline's own retries; the queue retries later.</summary>
public sealed record EmailTransientFailure(string Reason) : EmailSendOutcome;
