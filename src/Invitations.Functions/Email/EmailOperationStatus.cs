namespace Invitations.Email;

/// <summary>The state of a send operation, with ACS's error code when it failed.</summary>
public sealed record EmailOperationStatus(EmailOperationState State, string? ErrorCode = null, string? ErrorMessage = null)
{
    public static EmailOperationStatus Unknown(string reason) => new(EmailOperationState.Unknown, null, reason);

    public bool IsTerminal => State is EmailOperationState.Succeeded or EmailOperationState.Failed or EmailOperationState.Canceled;

    /// <summary>The service accepted the email at some point (so a new POST would be a duplicate).</summary>
    public bool WasAccepted => State is EmailOperationState.NotStarted or EmailOperationState.Running or EmailOperationState.Succeeded
        or EmailOperationState.Failed or EmailOperationState.Canceled;

    /// <summary>
    /// ACS reports suppression as a Failed operation whose error code names it,
    /// e.g. <c>EmailDroppedAllRecipientsSuppressed</c>.
    /// </summary>
    public bool IsRecipientSuppressed =>
        State == EmailOperationState.Failed &&
        ErrorCode is not null &&
        ErrorCode.Contains("Suppressed", StringComparison.OrdinalIgnoreCase);
}
