using Invitations.Hosting.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Invitations.Hosting;

public static class AzureMonitoringExtensions
{
    /// <summary>
    /// Application Insights for the worker process; only meaningful inside the Functions host. Operations events go
    /// through <c>TelemetryClient</c> (custom events and metrics), replacing the logging default whichever of
    /// this and <c>AddInvitationsApp</c> is called first.
    /// </summary>
    public static IHostApplicationBuilder AddAzureMonitoring(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services
            // The SDK's own adaptive sampling also samples custom events; ours leaves them alone.
            .AddApplicationInsightsTelemetryWorkerService(options => options.EnableAdaptiveSampling = false)
            .AddApplicationInsightsTelemetryProcessor<EventsNotSampledProcessor>()
            .ConfigureFunctionsApplicationInsights();
        builder.Services.Replace(ServiceDescriptor.Singleton<IOperationsTelemetry, ApplicationInsightsOperationsTelemetry>());
        return builder;
    }
}
