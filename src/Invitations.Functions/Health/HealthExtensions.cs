using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Invitations.Health;

public static class HealthExtensions
{
    public static IHostApplicationBuilder AddHealthChecks(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<StorageHealthProbe>();
        return builder;
    }
}
