using Azure.Messaging;

namespace Invitations.Events;

/// <summary>Publishes one batch of CloudEvents, in order; throws when the batch was not accepted.</summary>
public interface IEventPublisher
{
    Task PublishAsync(IReadOnlyList<CloudEvent> events, CancellationToken ct);
}
