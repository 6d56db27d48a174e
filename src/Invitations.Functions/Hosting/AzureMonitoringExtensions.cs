using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Invitations.Hosting;

public static class AzureMonitoringExtensions
{
    /// <summary>Application Insights for the worker process; only meaningful inside the Functions host.</summary>
    public static IHostApplicationBuilder AddAzureMonitoring(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services
            .AddApplicationInsightsTelemetryWorkerService()
            .ConfigureFunctionsApplicationInsights();
        return builder;
    }
}
