using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Invitations.Expiry;

/// <summary>
/// Custom metrics of the sweep (Meter <c>Invitations.Expiry</c>). Dry runs are not measured: they change nothing.
/// </summary>
public sealed class ExpiryMetrics
{
    public const string MeterName = "Invitations.Expiry";

    private readonly Counter<long> _expired;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _backlog;
    private readonly Counter<long> _runs;

    public ExpiryMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _expired = meter.CreateCounter<long>("expiry.run.expired", "{invitation}", "Invitations marked expired by sweep runs.");
        _duration = meter.CreateHistogram<double>("expiry.run.duration", "ms", "Wall time of a sweep run.");
        _errors = meter.CreateCounter<long>("expiry.run.errors", "{error}", "Index rows a sweep run failed to resolve.");
        _backlog = meter.CreateCounter<long>("expiry.run.backlog", "{run}", "Sweep runs that ended with due rows left over (budget spent).");
        _runs = meter.CreateCounter<long>("expiry.runs", "{run}", "Sweep runs, by trigger and outcome.");
    }

    public void Record(ExpiryRunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var tags = new TagList { { "trigger", run.Trigger }, { "outcome", run.Outcome } };
        _runs.Add(1, tags);
        _expired.Add(run.Expired, tags);
        _errors.Add(run.Errors, tags);
        _duration.Record(run.DurationMs, tags);
        if (run.BacklogRemaining)
        {
            _backlog.Add(1, tags);
        }
    }
}
