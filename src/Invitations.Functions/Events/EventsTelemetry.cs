using System.Diagnostics.Metrics;
using Invitations.Hosting.Telemetry;
using Microsoft.Extensions.Logging;

namespace Invitations.Events;

/// <summary>Custom metrics of the relay (Meter <c>Invitations.Events</c>).</summary>
public sealed class EventsMetrics
{
    public const string MeterName = "Invitations.Events";

    private readonly Counter<long> _published;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _pendingAge;

    public EventsMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _published = meter.CreateCounter<long>("events.published", "{event}", "Events the relay published.");
        _failures = meter.CreateCounter<long>("events.publish.failures", "{batch}", "Batches the topic did not accept (retried with backoff).");
        _pendingAge = meter.CreateHistogram<double>("events.pending.age", "s", "Age of the oldest outbox row a relay run found.");
    }

    public void Published(int count, double oldestPendingSeconds)
    {
        _published.Add(count);
        _pendingAge.Record(oldestPendingSeconds);
    }

    public void Failed(double oldestPendingSeconds)
    {
        _failures.Add(1);
        _pendingAge.Record(oldestPendingSeconds);
    }
}

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

internal static partial class EventsLog
{
    [LoggerMessage(EventId = 6001, EventName = "EventsRelayed", Level = LogLevel.Information,
        Message = "EventsRelayed: account {accountId}: {published} events published, oldest pending {oldestPendingSeconds} s")]
    public static partial void Relayed(ILogger logger, string accountId, int published, long oldestPendingSeconds);

    [LoggerMessage(EventId = 6002, EventName = "EventsPublishFailed", Level = LogLevel.Warning,
        Message = "EventsPublishFailed: account {accountId}: a batch of {pending} events was not accepted (attempt {attempt}); oldest pending {oldestPendingSeconds} s; retry in {retryInSeconds} s")]
    public static partial void PublishFailed(ILogger logger, Exception exception, string accountId, int pending, int attempt, long oldestPendingSeconds, long retryInSeconds);

    [LoggerMessage(EventId = 6003, EventName = "EventsNeverCommitted", Level = LogLevel.Information,
        Message = "Event nudge for invitation {invitationId} of account {accountId} (sequence {sequence}) dropped: its change did not commit within {graceMinutes} minutes")]
    public static partial void NeverCommitted(ILogger logger, string accountId, Guid invitationId, long sequence, double graceMinutes);

    [LoggerMessage(EventId = 6004, EventName = "EventsLeaseLost", Level = LogLevel.Warning,
        Message = "The event relay of account {accountId} lost its lease; the new holder publishes the remaining rows")]
    public static partial void LeaseLost(ILogger logger, string accountId);

    [LoggerMessage(EventId = 6005, EventName = "EventNudgesRecovered", Level = LogLevel.Warning,
        Message = "EventNudgesRecovered: {moved} poisoned event nudges moved back to {queue}; {left} unreadable left in poison")]
    public static partial void NudgesRecovered(ILogger logger, int moved, int left, string queue);

    [LoggerMessage(EventId = 6006, EventName = "EventsOpsEventFailed", Level = LogLevel.Warning,
        Message = "Could not send the {eventName} operations event")]
    public static partial void OpsEventFailed(ILogger logger, Exception exception, string eventName);
}
