using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Messaging.EventGrid;
using Invitations.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Events;

public static class EventsExtensions
{
    /// <summary>
    /// Lifecycle events: the outbox participant of the door, the relay and its publisher (Event Grid when
    /// <c>Events__TopicEndpoint</c> is set, else JSON files under <c>LocalData__Directory}/events</c>).
    /// </summary>
    public static IHostApplicationBuilder AddEvents(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOptions<EventsOptions>()
            .BindConfiguration(EventsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EventsOptions>, EventsOptionsValidator>();

        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<EventsMetrics>();
        builder.Services.TryAddSingleton<EventQueues>();
        builder.Services.TryAddSingleton<EventOutboxStore>();
        builder.Services.TryAddSingleton<EventOutboxRelay>();
        builder.Services.TryAddSingleton<EventNudgeRecovery>();
        builder.Services.TryAddSingleton<IEventPublisher>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EventsOptions>>();
            return options.Value.UsesEventGrid
                ? new EventGridEventPublisher(CreateClient(options.Value))
                : new LocalFileEventPublisher(sp.GetRequiredService<IOptions<global::Invitations.Hosting.LocalData.LocalDataOptions>>(), sp.GetRequiredService<ILogger<LocalFileEventPublisher>>());
        });
        builder.Services.AddSingleton<IInvitationWriteParticipant, EventOutboxParticipant>();

        return builder;
    }

    /// <summary>A key (sent as <c>aeg-sas-key</c>) when one is set, else the managed identity. Short in-call retries.</summary>
    public static EventGridPublisherClient CreateClient(EventsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = new Uri(options.TopicEndpoint!);
        var clientOptions = new EventGridPublisherClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = 2;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(500);
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        if (!string.IsNullOrWhiteSpace(options.TopicKey))
        {
            return new EventGridPublisherClient(endpoint, new AzureKeyCredential(options.TopicKey), clientOptions);
        }

        TokenCredential credential = string.IsNullOrWhiteSpace(options.ClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
        return new EventGridPublisherClient(endpoint, credential, clientOptions);
    }
}
