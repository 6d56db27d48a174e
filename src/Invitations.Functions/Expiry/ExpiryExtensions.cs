using Invitations.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Invitations.Expiry;

public static class ExpiryExtensions
{
    /// <summary>The expiry index, the sweep, its run records and metrics; settings validated at start.</summary>
    public static IHostApplicationBuilder AddExpiry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOptions<ExpiryOptions>()
            .BindConfiguration(ExpiryOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) => options.Schedule = configuration[ExpiryOptions.ScheduleSettingName])
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<ExpiryMetrics>();
        builder.Services.TryAddSingleton<ExpiryTables>();
        builder.Services.TryAddSingleton<ExpiryIndex>();
        // The write path records the index row before every create and reissue commits.
        builder.Services.AddSingleton<IInvitationWriteParticipant, ExpiryIndexParticipant>();
        builder.Services.TryAddSingleton<ExpiryRunStore>();
        builder.Services.TryAddSingleton<ExpirySweeper>();

        return builder;
    }
}
