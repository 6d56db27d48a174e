using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Messaging;
using Invitations.Hosting.LocalData;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Events;

/// <summary>
/// The publisher used when no topic is configured: each event is <c>{LocalData__Directory}/events/{id}.json</c> (its
/// CloudEvents JSON, indented). A redelivered id is the same event: the file is created once, atomically.
/// </summary>
public sealed partial class LocalFileEventPublisher(IOptions<LocalDataOptions> localData, ILogger<LocalFileEventPublisher> logger) : IEventPublisher
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string OutputDirectory { get; } = Path.GetFullPath((localData ?? throw new ArgumentNullException(nameof(localData))).Value.EventsDirectory);

    public string PathFor(string eventId) => Path.Combine(OutputDirectory, eventId + ".json");

    public async Task PublishAsync(IReadOnlyList<CloudEvent> events, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        Directory.CreateDirectory(OutputDirectory);
        foreach (var cloudEvent in events)
        {
            var path = PathFor(cloudEvent.Id);
            if (File.Exists(path))
            {
                continue;
            }

            var json = JsonNode.Parse(InvitationCloudEvents.Serialize(cloudEvent))!.ToJsonString(Indented);
            var temporary = Path.Combine(OutputDirectory, $".{cloudEvent.Id}.{Guid.NewGuid():N}.tmp");
            await File.WriteAllTextAsync(temporary, json, ct);
            try
            {
                File.Move(temporary, path, overwrite: false);
                LogWritten(logger, cloudEvent.Type, cloudEvent.Id, path);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Event {Type} {EventId} written to {Path}")]
    private static partial void LogWritten(ILogger logger, string type, string eventId, string path);
}
