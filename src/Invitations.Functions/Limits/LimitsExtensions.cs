using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Invitations.Limits;

public static class LimitsExtensions
{
    /// <summary>Sending limits, validated at start, and the telemetry of their refusals.</summary>
    public static IHostApplicationBuilder AddSendingLimits(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<LimitsOptions>()
            .BindConfiguration(LimitsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<LimitRefusals>();
        return builder;
    }
}
