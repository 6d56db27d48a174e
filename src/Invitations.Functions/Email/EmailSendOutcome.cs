namespace Invitations.Email;

/// <summary>What became of one send attempt, as far as the caller needs to decide what to do next.</summary>
public abstract record EmailSendOutcome;
