using Invitations.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Invitations.Email;

public static class EmailJobQueueExtensions
{
    /// <summary>The producer side of email jobs: the queue, and the write path's participant that queues a change's email.</summary>
    public static IHostApplicationBuilder AddEmailJobQueue(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<EmailQueues>();
        builder.Services.TryAddSingleton<IEmailJobQueue, StorageEmailJobQueue>();
        builder.Services.AddSingleton<IInvitationWriteParticipant, EmailJobParticipant>();
        return builder;
    }
}
