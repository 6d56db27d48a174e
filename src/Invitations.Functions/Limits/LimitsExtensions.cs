using Invitations.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Invitations.Limits;

public static class LimitsExtensions
{
    /// <summary>Sending limits, validated at start: the account quota on the write path, and the telemetry of refusals.</summary>
    public static IHostApplicationBuilder AddSendingLimits(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<LimitsOptions>()
            .BindConfiguration(LimitsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<LimitRefusals>();
        // By type (not a factory), like the other participants: bench/Invitations.Bench.Requests finds it to run without the quota.
        builder.Services.AddSingleton<IInvitationWriteParticipant, AccountEmailQuota>();
        return builder;
    }
}
