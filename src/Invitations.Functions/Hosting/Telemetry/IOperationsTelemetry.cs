namespace Invitations.Hosting.Telemetry;

/// <summary>
/// Operations events the alerts and the workbook query (one per sweep run, one per email send). In Azure they
/// become Application Insights custom events (<c>customEvents</c>) plus pre-aggregated custom metrics
/// (<c>customMetrics</c>); locally they are a Debug log line. Names and property names are a contract with
/// <c>infra/modules/alerts.bicep</c> and <c>workbook.json</c>: see infra/README.md.
/// </summary>
public interface IOperationsTelemetry
{
    /// <summary>
    /// Records one event. <paramref name="properties"/> become the event's <c>customDimensions</c> (never put
    /// secrets in them); each entry of <paramref name="metrics"/> is attached to the event (<c>customMeasurements</c>)
    /// and tracked as a custom metric of the same name.
    /// </summary>
    void TrackEvent(string name, IReadOnlyDictionary<string, string> properties, IReadOnlyDictionary<string, double> metrics);
}
