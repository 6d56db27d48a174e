using System.Text.Json;

namespace Invitations.TestSupport.EventGrid;

/// <summary>One CloudEvent of an accepted batch (redeliveries are recorded again, as a subscriber would see them).</summary>
public sealed record EventGridReceivedEvent(string Id, string Type, string Source, string? Subject, DateTimeOffset? Time, JsonElement Data, string Raw, int Batch);
