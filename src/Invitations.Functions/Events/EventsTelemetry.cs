using System.Diagnostics.Metrics;

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
