using Invitations.LocalHost.Invocation;
using Invitations.LocalHost.Metadata;
using Microsoft.Extensions.Logging;

namespace Invitations.LocalHost.Queues;

internal static partial class QueueLog
{
    [LoggerMessage(20, LogLevel.Warning, "{Function}: message {MessageId} moved to {PoisonQueue} after {DequeueCount} dequeues")]
    public static partial void MovedToPoison(ILogger logger, string function, string messageId, string poisonQueue, long dequeueCount);

    [LoggerMessage(21, LogLevel.Warning, "{Function}: message {MessageId} is not valid for messageEncoding '{Encoding}'")]
    public static partial void UndecodableMessage(ILogger logger, string function, string messageId, string encoding);

    [LoggerMessage(22, LogLevel.Warning, "{Function}: could not settle message {MessageId} ({Error}); it becomes visible again later")]
    public static partial void SettleFailed(ILogger logger, string function, string messageId, string error);

    [LoggerMessage(23, LogLevel.Warning, "{Function}: cannot poll queue {Queue} ({Error}); retrying")]
    public static partial void PollFailed(ILogger logger, string function, string queue, string error);

    [LoggerMessage(24, LogLevel.Information, "{Function}: polling queue {Queue} again")]
    public static partial void PollRecovered(ILogger logger, string function, string queue);
}
