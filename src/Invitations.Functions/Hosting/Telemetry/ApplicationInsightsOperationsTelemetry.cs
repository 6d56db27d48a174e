using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.DataContracts;

namespace Invitations.Hosting.Telemetry;

/// <summary>
/// Application Insights: a custom event (<c>TelemetryClient.TrackEvent</c>, table <c>customEvents</c>) with the
/// metrics as its measurements, and each metric also through <c>GetMetric(name).TrackValue</c> (table
/// <c>customMetrics</c>, pre-aggregated per minute, never sampled). The worker SDK does not export
/// System.Diagnostics.Metrics and its logger drops Information by default, hence this path.
/// </summary>
public sealed class ApplicationInsightsOperationsTelemetry(TelemetryClient client) : IOperationsTelemetry
{
    public void TrackEvent(string name, IReadOnlyDictionary<string, string> properties, IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(metrics);

        var telemetry = new EventTelemetry(name);
        foreach (var (key, value) in properties)
        {
            telemetry.Properties[key] = value;
        }

        foreach (var (key, value) in metrics)
        {
            telemetry.Metrics[key] = value;
            client.GetMetric(key).TrackValue(value);
        }

        client.TrackEvent(telemetry);
    }
}
