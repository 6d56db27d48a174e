using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Invitations.LocalHost.Invocation;
using Invitations.LocalHost.Metadata;

namespace Invitations.LocalHost.Queues;

/// <summary>
/// Polls one queue like the host's queue listener: up to <c>batchSize</c> messages per receive, a new receive once no
/// more than <c>newBatchThreshold</c> are still running, and an exponential backoff up to <c>maxPollingInterval</c>
/// while the queue is empty (or missing, or unreachable).
/// </summary>
internal sealed class QueueTriggerListener(
    QueueFunction function,
    QueuesHostOptions options,
    IServiceScopeFactory scopes,
    ILogger logger,
    TimeProvider time,
    Action<QueueClientOptions>? configureClients = null) : BackgroundService
{
    public static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    // Received messages stay invisible this long while the function runs (the host's default; it renews, we don't).
    public static readonly TimeSpan ReceiveVisibilityTimeout = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var clientOptions = new QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.None };
        configureClients?.Invoke(clientOptions);
        var service = new QueueServiceClient(function.ConnectionString, clientOptions);
        var queue = service.GetQueueClient(function.QueueName);
        var handler = new QueueMessageHandler(
            function.Function.Name, queue, service.GetQueueClient(function.PoisonQueueName), options, InvokeAsync, logger, time);

        var running = new HashSet<Task>();
        var delay = MinPollingInterval;
        var unreachable = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                running.RemoveWhere(task => task.IsCompleted);
                if (running.Count > options.NewBatchThreshold)
                {
                    await Task.WhenAny(running);
                    continue;
                }

                QueueMessage[] messages = [];
                try
                {
                    messages = (await queue.ReceiveMessagesAsync(options.BatchSize, ReceiveVisibilityTimeout, stoppingToken)).Value;
                    if (unreachable)
                    {
                        unreachable = false;
                        QueueLog.PollRecovered(logger, function.Function.Name, function.QueueName);
                    }
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    // No queue yet: the host does not create it either; it is simply empty.
                }
                catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException)
                {
                    if (!unreachable)
                    {
                        unreachable = true;
                        QueueLog.PollFailed(logger, function.Function.Name, function.QueueName, ex.GetType().Name);
                    }
                }

                if (messages.Length == 0)
                {
                    await Task.Delay(delay, time, stoppingToken);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxPollingInterval.Ticks));
                    continue;
                }

                delay = MinPollingInterval;
                foreach (var message in messages)
                {
                    running.Add(Task.Run(() => handler.HandleAsync(message, stoppingToken), CancellationToken.None));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        await Task.WhenAll(running);
    }

    private async Task InvokeAsync(QueueMessage message, BinaryData body, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var invocation = new LocalInvocation(
            function.Function, scope.ServiceProvider, (message, body), QueueFunction.BindingData(message, body), cancellationToken);
        await function.Invoker.InvokeAsync(invocation);
    }
}
