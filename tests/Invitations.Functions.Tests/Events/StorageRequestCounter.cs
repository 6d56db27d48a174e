using Azure.Storage.Queues;
using Invitations.Events;
using Invitations.Invitations;
using Invitations.Storage;
using Invitations.TestSupport;
using Invitations.TestSupport.EventGrid;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Invitations.Tests.Events;

internal sealed class StorageRequestCounter : Azure.Core.Pipeline.HttpPipelineSynchronousPolicy
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public override void OnSendingRequest(Azure.Core.HttpMessage message) => Interlocked.Increment(ref _count);
}
