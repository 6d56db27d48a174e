using Azure;
using Azure.Storage.Queues;
using Invitations.Hosting.Telemetry;
using Microsoft.Extensions.Logging;

namespace Invitations.Email;

/// <summary>
/// Measures the email queue and its poison queue (two approximate-count reads) and reports them as one
/// <see cref="EmailQueueDepthEvent"/>; a non-empty poison queue is also a warning in the log.
/// </summary>
public sealed partial class EmailQueueDepthReporter(EmailQueues queues, IOperationsTelemetry operations, ILogger<EmailQueueDepthReporter> logger)
{
    /// <returns>The approximate message counts of the email queue and its poison queue.</returns>
    public async Task<(int Messages, int PoisonMessages)> ReportAsync(CancellationToken ct)
    {
        var counts = await Task.WhenAll(CountAsync(queues.Main, ct), CountAsync(queues.Poison, ct));
        var (messages, poison) = (counts[0], counts[1]);
        operations.TrackEvent(
            EmailQueueDepthEvent.Name,
            EmailQueueDepthEvent.Properties(queues.Main.Name, messages, queues.Poison.Name, poison),
            EmailQueueDepthEvent.Metrics(messages, poison));
        if (poison > 0)
        {
            LogPoisoned(logger, poison, queues.Poison.Name);
        }

        return (messages, poison);
    }

    /// <summary>A queue that does not exist yet holds nothing.</summary>
    private static async Task<int> CountAsync(QueueClient queue, CancellationToken ct)
    {
        try
        {
            return (await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }

    [LoggerMessage(EventId = 4160, Level = LogLevel.Warning, Message = "{Count} email job(s) wait in {PoisonQueue}: fix the cause, then POST /api/ops/email-poison/replay")]
    private static partial void LogPoisoned(ILogger logger, int count, string poisonQueue);
}
