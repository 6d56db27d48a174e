using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Invitations.LocalHost.Invocation;
using Invitations.LocalHost.Metadata;

namespace Invitations.LocalHost.Queues;

/// <summary>
/// One message's life after it was received, as the host's queue processor does it: success deletes it; failure makes it
/// visible again after <c>visibilityTimeout</c>; the failure that reaches <c>maxDequeueCount</c> copies it to
/// <c>{queue}-poison</c> and deletes it. A body that is not valid for the encoding goes to poison at once.
/// Both clients must use <see cref="Azure.Storage.Queues.QueueMessageEncoding.None"/>, so poison copies keep the raw text.
/// </summary>
public sealed class QueueMessageHandler(
    string functionName,
    QueueClient queue,
    QueueClient poisonQueue,
    QueuesHostOptions options,
    Func<QueueMessage, BinaryData, CancellationToken, Task> invoke,
    ILogger logger,
    TimeProvider time)
{
    public async Task<QueueMessageOutcome> HandleAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var started = time.GetTimestamp();
        var outcome = QueueMessageOutcome.Failed;
        try
        {
            outcome = await ProcessAsync(message, stoppingToken);
        }
#pragma warning disable CA1031 // Storage failures while settling a message must not stop the listener.
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException)
#pragma warning restore CA1031
        {
            QueueLog.SettleFailed(logger, functionName, message.MessageId, ex.GetType().Name);
        }

        logger.Invocation(functionName, "queueTrigger", outcome.ToString(), (long)time.GetElapsedTime(started).TotalMilliseconds);
        return outcome;
    }

    private async Task<QueueMessageOutcome> ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        if (message.DequeueCount > options.MaxDequeueCount)
        {
            // Received too often without being settled (for example a crash mid-invocation).
            await MoveToPoisonAsync(message);
            return QueueMessageOutcome.Poisoned;
        }

        if (!QueueMessageDecoder.TryDecode(message.MessageText, options.MessageEncoding, out var body))
        {
            QueueLog.UndecodableMessage(logger, functionName, message.MessageId, options.MessageEncoding.ToString().ToLowerInvariant());
            await MoveToPoisonAsync(message);
            return QueueMessageOutcome.Poisoned;
        }

        try
        {
            await invoke(message, body, stoppingToken);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: give the message back at once rather than after the receive timeout.
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
            return QueueMessageOutcome.Cancelled;
        }
#pragma warning disable CA1031 // A function's failure is an outcome for the message, not a host failure.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.FunctionFailed(ex, functionName);
            if (message.DequeueCount >= options.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message);
                return QueueMessageOutcome.Poisoned;
            }

            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: options.VisibilityTimeout, cancellationToken: CancellationToken.None);
            return QueueMessageOutcome.Failed;
        }

        await DeleteAsync(message);
        return QueueMessageOutcome.Succeeded;
    }

    private async Task MoveToPoisonAsync(QueueMessage message)
    {
        await poisonQueue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        await poisonQueue.SendMessageAsync(message.MessageText, CancellationToken.None);
        await DeleteAsync(message);
        QueueLog.MovedToPoison(logger, functionName, message.MessageId, poisonQueue.Name, message.DequeueCount);
    }

    private async Task DeleteAsync(QueueMessage message)
    {
        try
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone (another receiver took it after its visibility expired).
        }
    }
}
