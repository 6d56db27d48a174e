using Invitations.Hosting.Telemetry;

namespace Invitations.Email;

/// <summary>
/// The <c>EmailQueueDepth</c> operations event, one per measurement of the email queue and its poison queue.
/// Storage reports QueueMessageCount per account, not per queue, so this is the only per-queue signal: the
/// poison-queue alert and the workbook read it (names are a contract with infra/modules/alerts.bicep).
/// </summary>
public static class EmailQueueDepthEvent
{
    public const string Name = "EmailQueueDepth";
    public const string MessagesMetric = "EmailQueue.Messages";
    public const string PoisonMessagesMetric = "EmailQueue.PoisonMessages";

    public static IReadOnlyDictionary<string, string> Properties(string queue, int messages, string poisonQueue, int poisonMessages) =>
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["queue"] = queue,
            ["messages"] = OperationsTelemetryValues.Of(messages),
            ["poisonQueue"] = poisonQueue,
            ["poisonMessages"] = OperationsTelemetryValues.Of(poisonMessages),
        };

    public static IReadOnlyDictionary<string, double> Metrics(int messages, int poisonMessages) =>
        new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [MessagesMetric] = messages,
            [PoisonMessagesMetric] = poisonMessages,
        };
}
