using Azure.Storage.Queues;
using Invitations.Events;
using Invitations.TestSupport;
using Invitations.TestSupport.EventGrid;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Invitations.Tests.Events;

/// <summary>The real publisher, with a hook that runs after a batch was accepted (to simulate a crash there).</summary>
internal sealed class SwitchablePublisher(IEventPublisher inner) : IEventPublisher
{
    public Func<CancellationToken, Task>? AfterPublish { get; set; }

    public async Task PublishAsync(IReadOnlyList<Azure.Messaging.CloudEvent> events, CancellationToken ct)
    {
        await inner.PublishAsync(events, ct);
        if (AfterPublish is { } after)
        {
            await after(ct);
        }
    }
}
