namespace Invitations.TestSupport.EventGrid;

/// <summary>One POST the test topic received, with what it answered.</summary>
public sealed record EventGridRecordedRequest(string PathAndQuery, string? ContentType, bool KeyValid, int EventCount, int ResponseStatus, DateTimeOffset ReceivedAt);
