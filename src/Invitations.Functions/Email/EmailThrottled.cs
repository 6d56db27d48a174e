namespace Invitations.Email;

/// <summary>ACS answered 429: try again after <paramref name="RetryAfter"/>, without counting it as a failure.</summary>
public sealed record EmailThrottled(TimeSpan RetryAfter) : EmailSendOutcome;
