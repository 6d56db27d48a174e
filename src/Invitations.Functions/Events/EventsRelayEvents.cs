using Invitations.Hosting.Telemetry;

namespace Invitations.Events;

/// <summary>
/// The operations events of the relay (Application Insights <c>customEvents</c>). Names are a contract with
/// infra/modules/alerts.bicep: the alert fires when <c>oldestPendingSeconds</c> passes 10 minutes.
/// </summary>
public static class EventsRelayEvents
{
    public const string Relayed = "EventsRelayed";
    public const string PublishFailed = "EventsPublishFailed";
    public const string OldestPendingMetric = "Events.OldestPendingSeconds";
    public const string PublishedMetric = "Events.Published";

    /// <summary>The alert's threshold: the oldest unpublished event is older than this.</summary>
    public static readonly TimeSpan AlertAge = TimeSpan.FromMinutes(10);

    public static IReadOnlyDictionary<string, string> Properties(string accountId, int published, double oldestPendingSeconds, int attempt) =>
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["accountId"] = accountId,
            ["published"] = OperationsTelemetryValues.Of(published),
            ["oldestPendingSeconds"] = OperationsTelemetryValues.Of((long)Math.Ceiling(oldestPendingSeconds)),
            ["attempt"] = OperationsTelemetryValues.Of(attempt),
        };

    public static IReadOnlyDictionary<string, double> Metrics(int published, double oldestPendingSeconds) =>
        new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [PublishedMetric] = published,
            [OldestPendingMetric] = oldestPendingSeconds,
        };
}
