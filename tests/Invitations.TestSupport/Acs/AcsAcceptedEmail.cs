namespace Invitations.TestSupport.Acs;

/// <summary>An email the server accepted (once per Operation-Id, as ACS de-duplicates).</summary>
public sealed record AcsAcceptedEmail(
    Guid OperationId,
    string SenderAddress,
    string ToAddress,
    string? ToDisplayName,
    string Subject,
    string? PlainText,
    string? Html,
    IReadOnlyList<string> ReplyTo,
    bool? UserEngagementTrackingDisabled,
    string RawBody,
    DateTimeOffset AcceptedAt);
