using Invitations.LocalHost.Invocation;
using Invitations.LocalHost.Metadata;
using Microsoft.Extensions.Logging;

namespace Invitations.LocalHost.Queues;

public enum QueueMessageOutcome
{
    Succeeded,
    Failed,
    Poisoned,
    Cancelled,
}
