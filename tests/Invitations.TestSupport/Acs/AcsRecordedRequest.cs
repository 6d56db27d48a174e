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
