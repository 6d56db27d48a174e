using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
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
        builder.Services.AddSingleton<InvitationRepository>();

        return builder;
    }
}
