using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.ApplicationInsights.WindowsServer.Channel.Implementation;
using Microsoft.ApplicationInsights.WindowsServer.TelemetryChannel;

namespace Invitations.Hosting.Telemetry;

/// <summary>
/// The worker's adaptive sampling, minus custom events. The worker SDK's default samples events too (in a
/// bucket of their own, 5 a second), so a burst of email events could drop an <c>ExpiryRunCompleted</c>; the
/// host.json <c>samplingSettings</c> only govern the host process, not this one. Used with
/// <c>EnableAdaptiveSampling = false</c> (see <see cref="AzureMonitoringExtensions"/>).
/// </summary>
public sealed class EventsNotSampledProcessor : ITelemetryProcessor, IDisposable
{
    /// <summary>Telemetry types never sampled here (Application Insights names: Event = customEvents).</summary>
    public const string ExcludedTypes = "Event";

    private readonly AdaptiveSamplingTelemetryProcessor _sampling;

    public EventsNotSampledProcessor(ITelemetryProcessor next)
        : this(next, new SamplingPercentageEstimatorSettings { MaxTelemetryItemsPerSecond = 5 })
    {
    }

    /// <summary>With explicit estimator settings (tests force a low rate).</summary>
    public EventsNotSampledProcessor(ITelemetryProcessor next, SamplingPercentageEstimatorSettings settings)
    {
        _sampling = new AdaptiveSamplingTelemetryProcessor(settings, null, next) { ExcludedTypes = ExcludedTypes };
    }

    public void Process(ITelemetry item) => _sampling.Process(item);

    public void Dispose() => _sampling.Dispose();
}
