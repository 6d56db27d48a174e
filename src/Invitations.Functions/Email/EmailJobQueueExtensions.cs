using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Invitations.Email;

public static class EmailJobQueueExtensions
{
    /// <summary>The producer side of email jobs (the API); the consumer is registered by the email feature.</summary>
    public static IHostApplicationBuilder AddEmailJobQueue(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<EmailQueues>();
        builder.Services.TryAddSingleton<IEmailJobQueue, StorageEmailJobQueue>();
        return builder;
    }
}
