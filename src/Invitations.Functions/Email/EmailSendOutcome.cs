namespace Invitations.Email;

/// <summary>What became of one send attempt, as far as the caller needs to decide what to do next.</summary>
public abstract record EmailSendOutcome;

/// <summary>ACS accepted the email (202). <paramref name="MessageId"/> is what delivery reports carry.</summary>
public sealed record EmailAccepted(Guid OperationId, string? MessageId) : EmailSendOutcome;

/// <summary>ACS answered 429: try again after <paramref name="RetryAfter"/>, without counting it as a failure.</summary>
public sealed record EmailThrottled(TimeSpan RetryAfter) : EmailSendOutcome;

/// <summary>Retrying cannot help (invalid recipient, domain not linked, all recipients suppressed, bad request).</summary>
public sealed record EmailPermanentFailure(string Reason, string? Code) : EmailSendOutcome;

/// <summary>Server errors and timeouts that survived the pipeline's own retries; the queue retries later.</summary>
public sealed record EmailTransientFailure(string Reason) : EmailSendOutcome;
