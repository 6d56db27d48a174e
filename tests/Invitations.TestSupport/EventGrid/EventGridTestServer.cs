using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Invitations.TestSupport.EventGrid;

/// <summary>
/// An Event Grid custom topic with the CloudEvents 1.0 input schema, on 127.0.0.1 and a free port, for tests.
/// <c>POST {Endpoint}</c>: 401 unless the <c>aeg-sas-key</c> header is the key; 415 unless the content type is
/// <c>application/cloudevents-batch+json</c>; 400 unless the body is a JSON array of CloudEvents 1.0 (specversion,
/// id, source, type); then records the events in order and answers 200. It can be told to fail the next N batches.
/// The checks are written here from the service's documentation, independently of the publisher.
/// </summary>
public sealed class EventGridTestServer : IAsyncDisposable
{
    /// <summary>A fixed test topic key; not a secret.</summary>
    public const string DefaultKey = "test-topic-key-not-a-secret-0123456789=";
    public const string BatchContentType = "application/cloudevents-batch+json";

    private LoopbackServer _host = null!;
    private readonly Lock _gate = new();
    private readonly List<EventGridRecordedRequest> _requests = [];
    private readonly List<EventGridReceivedEvent> _events = [];
    private int _failuresLeft;
    private int _failureStatus = 503;
    private int _batches;

    private EventGridTestServer(string key)
    {
        Key = key;
    }

    /// <summary>The topic endpoint, <c>http://127.0.0.1:{port}/api/events</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public string Key { get; }

    public IReadOnlyList<EventGridRecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Every event of every accepted batch, in arrival order (duplicates included).</summary>
    public IReadOnlyList<EventGridReceivedEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public static async Task<EventGridTestServer> StartAsync(string key = DefaultKey, CancellationToken cancellationToken = default)
    {
        var server = new EventGridTestServer(key);
        server._host = await LoopbackServer.StartAsync(server.HandleAsync, cancellationToken);
        server.Endpoint = new Uri(server._host.BaseAddress, "api/events");
        return server;
    }

    /// <summary>The next <paramref name="count"/> well-formed batches are refused with <paramref name="status"/> (nothing recorded).</summary>
    public void FailNext(int count, int status = 503)
    {
        lock (_gate)
        {
            _failuresLeft = count;
            _failureStatus = status;
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds over the received events.</summary>
    public async Task<bool> WaitForAsync(Func<IReadOnlyList<EventGridReceivedEvent>, bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Events))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(25);
        }

        return true;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var receivedAt = DateTimeOffset.UtcNow;
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        string body;
        using (var reader = new StreamReader(request.Body))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var keyValid = string.Equals(request.Headers["aeg-sas-key"].ToString(), Key, StringComparison.Ordinal);
        var contentType = request.ContentType;
        var (status, events, error) = Check(request.Method, keyValid, contentType, body);

        lock (_gate)
        {
            if (status == 200 && _failuresLeft > 0)
            {
                _failuresLeft--;
                (status, error) = (_failureStatus, "Scripted failure.");
            }

            if (status == 200)
            {
                var batch = ++_batches;
                _events.AddRange(events.Select(e => Parse(e, batch)));
            }

            _requests.Add(new EventGridRecordedRequest(target, contentType, keyValid, events.Count, status, receivedAt));
        }

        context.Response.StatusCode = status;
        if (error is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new { error = new { code = status.ToString(CultureInfo.InvariantCulture), message = error } }));
        }
    }

    private static (int Status, List<JsonElement> Events, string? Error) Check(string method, bool keyValid, string? contentType, string body)
    {
        if (!HttpMethods.IsPost(method))
        {
            return (405, [], "Only POST.");
        }

        if (!keyValid)
        {
            return (401, [], "The aeg-sas-key header is missing or wrong.");
        }

        if (contentType is null || !contentType.StartsWith(BatchContentType, StringComparison.OrdinalIgnoreCase))
        {
            return (415, [], $"Expected {BatchContentType}.");
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (400, [], "The body is not JSON.");
        }

        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0)
        {
            return (400, [], "A batch is a non-empty JSON array.");
        }

        var events = root.EnumerateArray().ToList();
        foreach (var e in events)
        {
            if (e.ValueKind != JsonValueKind.Object ||
                !IsString(e, "specversion", "1.0") || !IsString(e, "id") || !IsString(e, "source") || !IsString(e, "type"))
            {
                return (400, events, "Every event needs specversion 1.0, id, source and type.");
            }
        }

        return (200, events, null);
    }

    private static bool IsString(JsonElement e, string name, string? expected = null) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String &&
        !string.IsNullOrEmpty(value.GetString()) && (expected is null || value.GetString() == expected);

    private static EventGridReceivedEvent Parse(JsonElement e, int batch) => new(
        e.GetProperty("id").GetString()!,
        e.GetProperty("type").GetString()!,
        e.GetProperty("source").GetString()!,
        e.TryGetProperty("subject", out var subject) ? subject.GetString() : null,
        e.TryGetProperty("time", out var time) ? time.GetDateTimeOffset() : null,
        e.TryGetProperty("data", out var data) ? data.Clone() : default,
        e.GetRawText(),
        batch);
}
