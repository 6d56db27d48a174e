using System.Diagnostics;
using System.Diagnostics.Metrics;
using Invitations.Hosting.Telemetry;
using Microsoft.Extensions.Logging;

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

/// <summary>
/// The <c>ExpiryRunCompleted</c> operations event (Application Insights <c>customEvents</c> in Azure) and its
/// metrics. Names are a contract with infra/modules/alerts.bicep and workbook.json (see infra/README.md).
/// </summary>
public static class ExpiryRunEvent
{
    public const string Name = "ExpiryRunCompleted";
    public const string ExpiredMetric = "ExpiryRun.Expired";
    public const string DurationMetric = "ExpiryRun.DurationMs";
    public const string ErrorsMetric = "ExpiryRun.Errors";

    /// <summary>1 when the run ended with due rows left over (budget spent or failed), else 0.</summary>
    public const string BacklogMetric = "ExpiryRun.Backlog";

    public static IReadOnlyDictionary<string, string> Properties(ExpiryRunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["runId"] = run.Id,
            ["trigger"] = run.Trigger,
            ["isPastDue"] = OperationsTelemetryValues.Of(run.IsPastDue),
            ["expired"] = OperationsTelemetryValues.Of(run.Expired),
            ["examined"] = OperationsTelemetryValues.Of(run.Examined),
            ["skipped"] = OperationsTelemetryValues.Of(run.Skipped),
            ["errors"] = OperationsTelemetryValues.Of(run.Errors),
            ["durationMs"] = OperationsTelemetryValues.Of(run.DurationMs),
            ["backlogRemaining"] = OperationsTelemetryValues.Of(run.BacklogRemaining),
            ["outcome"] = run.Outcome,
            ["bucketsRead"] = OperationsTelemetryValues.Of(run.BucketsRead),
            ["dryRun"] = OperationsTelemetryValues.Of(run.DryRun),
        };
    }

    public static IReadOnlyDictionary<string, double> Metrics(ExpiryRunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [ExpiredMetric] = run.Expired,
            [DurationMetric] = run.DurationMs,
            [ErrorsMetric] = run.Errors,
            [BacklogMetric] = run.BacklogRemaining ? 1 : 0,
        };
    }
}

internal static partial class ExpiryLog
{
    /// <summary>
    /// The one line per run that alerts query (traces/customEvents named ExpiryRunCompleted). The property
    /// names are a contract with the infrastructure alerts: change them together.
    /// </summary>
    [LoggerMessage(EventId = 5001, EventName = "ExpiryRunCompleted", Level = LogLevel.Information,
        Message = "ExpiryRunCompleted: run {runId} ({trigger}) {outcome}: expired {expired}, examined {examined}, skipped {skipped}, errors {errors}, " +
                  "buckets {bucketsRead}, backlog {backlogRemaining}, pastDue {isPastDue}, {durationMs} ms")]
    public static partial void RunCompleted(ILogger logger, string runId, string trigger, string outcome, int expired, int examined,
        int skipped, int errors, int bucketsRead, bool backlogRemaining, bool isPastDue, long durationMs);

    /// <summary>Dry runs log under their own name so they never feed the alerts.</summary>
    [LoggerMessage(EventId = 5002, EventName = "ExpiryDryRunCompleted", Level = LogLevel.Information,
        Message = "ExpiryDryRunCompleted: dry run {runId} would expire {expired}, examined {examined}, skipped {skipped}, errors {errors}, backlog {backlogRemaining}, {durationMs} ms")]
    public static partial void DryRunCompleted(ILogger logger, string runId, int expired, int examined, int skipped, int errors, bool backlogRemaining, long durationMs);

    [LoggerMessage(EventId = 5003, EventName = "ExpiryRunLockedOut", Level = LogLevel.Warning,
        Message = "Expiry run {runId} ({trigger}) did nothing: run {holder} holds the lock")]
    public static partial void LockedOut(ILogger logger, string runId, string trigger, string? holder);

    [LoggerMessage(EventId = 5004, EventName = "ExpiryItemFailed", Level = LogLevel.Warning,
        Message = "Expiry run {runId} could not resolve invitation {invitationId} of account {accountId} (bucket {bucket}): status {status}")]
    public static partial void ItemFailed(ILogger logger, Exception exception, string runId, Guid invitationId, string accountId, string bucket, int status);

    [LoggerMessage(EventId = 5005, EventName = "ExpiryRunFailed", Level = LogLevel.Error,
        Message = "Expiry run {runId} ({trigger}) failed after examining {examined}")]
    public static partial void RunFailed(ILogger logger, Exception exception, string runId, string trigger, int examined);

    [LoggerMessage(EventId = 5006, EventName = "ExpiryRunAbandoned", Level = LogLevel.Warning,
        Message = "Expiry run {runId} took over the lock of run {previousRunId}, whose lease had expired; that run is recorded as failed")]
    public static partial void TookOverLock(ILogger logger, string runId, string previousRunId);

    [LoggerMessage(EventId = 5007, EventName = "ExpiryBadIndexRow", Level = LogLevel.Warning,
        Message = "Expiry run {runId} found an index row it cannot read: bucket {bucket}, row {rowKey}")]
    public static partial void BadIndexRow(ILogger logger, string runId, string bucket, string rowKey);

    [LoggerMessage(EventId = 5008, EventName = "ExpiryRunEventFailed", Level = LogLevel.Warning,
        Message = "Expiry run {runId} could not send its ExpiryRunCompleted operations event")]
    public static partial void EventFailed(ILogger logger, Exception exception, string runId);
}
