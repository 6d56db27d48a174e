using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Invitations.LocalHost.Metadata;

/// <summary>The parts of host.json the local host acts on.</summary>
public sealed record HostJson
{
    public const string FileName = "host.json";

    public string RoutePrefix { get; init; } = "api";
    public QueuesHostOptions Queues { get; init; } = new();
    public TimeSpan? FunctionTimeout { get; init; }

    public static HostJson ReadFile(string path) =>
        File.Exists(path)
            ? Parse(File.ReadAllText(path), path)
            : throw new FileNotFoundException($"No {FileName} at '{path}'.", path);

    public static HostJson Parse(string json, string source = FileName)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(
                json,
                new JsonNodeOptions { PropertyNameCaseInsensitive = true },
                new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }) as JsonObject
                ?? throw new InvalidDataException($"{source} must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source} is not valid JSON: {ex.Message}", ex);
        }

        var extensions = root["extensions"] as JsonObject;
        var http = extensions?["http"] as JsonObject;
        var queues = extensions?["queues"] as JsonObject;
        var defaults = new QueuesHostOptions();

        var batchSize = ReadInt(queues, "batchSize", source) ?? defaults.BatchSize;
        if (batchSize is < 1 or > 32)
        {
            throw new InvalidDataException($"{source}: extensions.queues.batchSize must be 1..32 (queue storage returns at most 32 messages).");
        }

        var queueOptions = new QueuesHostOptions
        {
            BatchSize = batchSize,
            NewBatchThreshold = ReadInt(queues, "newBatchThreshold", source) ?? batchSize / 2,
            MaxDequeueCount = ReadInt(queues, "maxDequeueCount", source) ?? defaults.MaxDequeueCount,
            VisibilityTimeout = ReadTimeSpan(queues, "visibilityTimeout", source) ?? defaults.VisibilityTimeout,
            MaxPollingInterval = ReadTimeSpan(queues, "maxPollingInterval", source) ?? defaults.MaxPollingInterval,
            MessageEncoding = ReadEncoding(queues, source),
        };
        if (queueOptions.MaxDequeueCount < 1 || queueOptions.NewBatchThreshold < 0 ||
            queueOptions.VisibilityTimeout < TimeSpan.Zero || queueOptions.MaxPollingInterval < TimeSpan.FromMilliseconds(100))
        {
            throw new InvalidDataException(
                $"{source}: extensions.queues needs maxDequeueCount >= 1, newBatchThreshold >= 0, visibilityTimeout >= 0 and maxPollingInterval >= 100 ms.");
        }

        return new HostJson
        {
            RoutePrefix = (http?["routePrefix"]?.GetValue<string>() ?? "api").Trim('/'),
            Queues = queueOptions,
            FunctionTimeout = ReadTimeSpan(root, "functionTimeout", source),
        };
    }

    private static int? ReadInt(JsonObject? node, string key, string source) => node?[key] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number) => number,
        JsonValue value when value.GetValueKind() == JsonValueKind.String &&
                             int.TryParse(value.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
        var other => throw new InvalidDataException($"{source}: '{key}' must be an integer, not {other.ToJsonString()}."),
    };

    // TimeSpan strings ("00:00:10") as in host.json v2; a bare number is milliseconds, as in v1.
    private static TimeSpan? ReadTimeSpan(JsonObject? node, string key, string source) => node?[key] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var ms) => TimeSpan.FromMilliseconds(ms),
        JsonValue value when value.GetValueKind() == JsonValueKind.String &&
                             TimeSpan.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, out var parsed) => parsed,
        var other => throw new InvalidDataException($"{source}: '{key}' must be a time span like \"00:00:10\", not {other.ToJsonString()}."),
    };

    private static QueueMessageEncoding ReadEncoding(JsonObject? queues, string source) =>
        (queues?["messageEncoding"]?.GetValue<string>()?.ToUpperInvariant()) switch
        {
            null or "BASE64" => QueueMessageEncoding.Base64,
            "NONE" => QueueMessageEncoding.None,
            var other => throw new InvalidDataException($"{source}: extensions.queues.messageEncoding must be 'base64' or 'none', not '{other}'."),
        };
}
