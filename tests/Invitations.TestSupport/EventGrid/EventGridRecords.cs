using System.Text.Json;

namespace Invitations.TestSupport.EventGrid;

/// <summary>One POST the test topic received, with what it answered.</summary>
public sealed record EventGridRecordedRequest(string PathAndQuery, string? ContentType, bool KeyValid, int EventCount, int ResponseStatus, DateTimeOffset ReceivedAt);

/// <summary>One CloudEvent of an accepted batch (redeliveries are recorded again, as a subscriber would see them).</summary>
public sealed record EventGridReceivedEvent(string Id, string Type, string Source, string? Subject, DateTimeOffset? Time, JsonElement Data, string Raw, int Batch);
