using Azure.Messaging;
using Azure.Messaging.EventGrid;

namespace Invitations.Events;

/// <summary>
/// An Event Grid custom topic (CloudEvents input schema): one <c>application/cloudevents-batch+json</c> POST per batch,
/// with the topic key as <c>aeg-sas-key</c> or a managed-identity token. Azure.Core retries briefly inside a call;
/// longer outages are the relay's backoff.
/// </summary>
public sealed class EventGridEventPublisher(EventGridPublisherClient client) : IEventPublisher
{
    public Task PublishAsync(IReadOnlyList<CloudEvent> events, CancellationToken ct) => client.SendEventsAsync(events, ct);
}
