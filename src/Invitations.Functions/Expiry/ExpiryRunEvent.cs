using Invitations.Hosting.Telemetry;

namespace Invitations.Expiry;

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
