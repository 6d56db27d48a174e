using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Invitations.Bench.Requests;

/// <summary>
/// Counts storage requests as they leave a client (an Azure.Core policy at <see cref="HttpPipelinePosition.PerRetry"/>,
/// so each retry counts too), by service, method and resource (table or queue name, <c>$batch</c>...).
/// Names lose the data set's unique table prefix and queue name (<c>…Invitations</c>, <c>…/messages</c>). <paramref name="include"/> leaves requests out, for example the queue listener's receives (polling).
/// </summary>
internal sealed class StorageRequestCounter(int tablePort, BenchDataSet data, Func<Request, bool>? include = null) : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentDictionary<string, long> _byKind = new(StringComparer.Ordinal);
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (include is not null && !include(message.Request))
        {
            return;
        }

        Interlocked.Increment(ref _total);
        _byKind.AddOrUpdate(Kind(message.Request), 1, (_, n) => n + 1);
    }

    /// <summary>Requests by kind, e.g. <c>table POST $batch</c> or <c>queue POST invitation-emails</c>.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_byKind, StringComparer.Ordinal);

    /// <summary>What happened between two snapshots, per kind (only kinds that grew).</summary>
    public static IReadOnlyDictionary<string, long> Difference(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        after.Select(kv => KeyValuePair.Create(kv.Key, kv.Value - before.GetValueOrDefault(kv.Key)))
            .Where(kv => kv.Value > 0)
            .ToDictionary(StringComparer.Ordinal);

    private string Kind(Request request)
    {
        var uri = request.Uri.ToUri();
        var service = uri.Port == tablePort ? "table" : "queue";
        // /devstoreaccount1/<resource>... ; table point operations look like name(PartitionKey='…',RowKey='…').
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resource = segments.Length > 1 ? segments[1] : "(account)";
        foreach (var prefix in new[] { data.QueueName, data.TablePrefix })
        {
            if (resource.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                resource = "…" + resource[prefix.Length..];
                break;
            }
        }

        var paren = resource.IndexOf('(', StringComparison.Ordinal);
        if (paren > 0)
        {
            resource = resource[..paren] + (resource.EndsWith("()", StringComparison.Ordinal) ? " query" : " point");
        }

        if (segments.Length > 2)
        {
            resource += "/" + (segments.Length > 3 ? "messages/{id}" : segments[2]);
        }

        return $"{service} {request.Method} {resource}";
    }
}
