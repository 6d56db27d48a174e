using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Invitations.Storage;

public static class StorageExtensions
{
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton(sp => new StorageConnection(builder.Configuration));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateTableServiceClient());
        // Base64 is what the Functions queue trigger expects by default (host.json messageEncoding).
        builder.Services.AddSingleton(sp => sp.GetRequiredService<StorageConnection>()
            .CreateQueueServiceClient(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }));

        builder.Services.AddSingleton<InvitationTable>();
        builder.Services.AddSingleton<InvitationStore>();
        // The one door for every change; features add their work to it as IInvitationWriteParticipant.
        builder.Services.TryAddSingleton(InvitationWriteRetry.Default);
        builder.Services.AddSingleton<InvitationWriter>();
        builder.Services.AddSingleton<IInvitationWriteParticipant, NewestFirstCopy>();

        return builder;
    }
}
