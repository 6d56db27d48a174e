using System.Text.Json;
using Azure.Messaging;

namespace Invitations.Events;

/// <summary>CloudEvents 1.0 (Azure.Core's <see cref="CloudEvent"/>) from mapped events, and their JSON form in the outbox.</summary>
public static class InvitationCloudEvents
{
    public const string DataContentType = "application/json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static CloudEvent ToCloudEvent(MappedEvent mapped)
    {
        ArgumentNullException.ThrowIfNull(mapped);
        // Json format: "data" is a JSON object in the event, not "data_base64".
        return new CloudEvent(mapped.Source, mapped.Type, BinaryData.FromObjectAsJson(mapped.Data, Json), DataContentType, CloudEventDataFormat.Json)
        {
            Id = mapped.Id,
            Subject = mapped.Subject,
            Time = mapped.Time,
        };
    }

    /// <summary>The structured-mode JSON of one event (what a batch carries per event, and what the outbox stores).</summary>
    public static string Serialize(CloudEvent cloudEvent) => JsonSerializer.Serialize(cloudEvent);

    public static CloudEvent Deserialize(string json) =>
        CloudEvent.Parse(BinaryData.FromString(json)) ?? throw new InvalidDataException("The stored event is empty.");

    /// <summary>The typed data of a published event (a subscriber's view).</summary>
    public static InvitationEventData DataOf(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        return cloudEvent.Data?.ToObjectFromJson<InvitationEventData>(Json)
            ?? throw new InvalidDataException($"Event {cloudEvent.Id} has no data.");
    }
}
