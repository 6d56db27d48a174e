using Azure.Core;
using Azure.Core.Pipeline;
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
        builder.Services.AddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateTableServiceClient(
            sp.GetServices<StoragePipelinePolicy>().Aggregate(new TableClientOptions(), (options, extra) => extra.AddTo(options))));
        // Base64 is what the Functions queue trigger expects by default (host.json messageEncoding).
        builder.Services.AddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateQueueServiceClient(
            sp.GetServices<StoragePipelinePolicy>().Aggregate(
                new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }, (options, extra) => extra.AddTo(options))));

        builder.Services.AddSingleton<InvitationTable>();
        builder.Services.AddSingleton<InvitationStore>();
        // The one door for every change; features add their work to it as IInvitationWriteParticipant.
        builder.Services.TryAddSingleton(InvitationWriteRetry.Default);
        builder.Services.AddSingleton<InvitationWriter>();
        builder.Services.AddSingleton<IInvitationWriteParticipant, NewestFirstCopy>();

        return builder;
    }

    /// <summary>Adds <paramref name="policy"/> to every table and queue client the app builds (see <see cref="StoragePipelinePolicy"/>).</summary>
    public static IServiceCollection AddStoragePipelinePolicy(
        this IServiceCollection services, HttpPipelinePolicy policy, HttpPipelinePosition position = HttpPipelinePosition.PerRetry)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(policy);
        return services.AddSingleton(new StoragePipelinePolicy(policy, position));
    }
}
