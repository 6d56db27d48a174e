namespace Invitations.TestSupport.Acs;

/// <summary>One request the test server received, with what it decided.</summary>
public sealed record AcsRecordedRequest(
    string Method,
    string PathAndQuery,
    Guid? OperationId,
    string? Date,
    string? ContentHash,
    bool SignatureValid,
    int ResponseStatus,
    DateTimeOffset ReceivedAt);

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
