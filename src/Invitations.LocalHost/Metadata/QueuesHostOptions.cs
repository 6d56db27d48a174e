namespace Invitations.LocalHost.Metadata;

/// <summary>host.json <c>extensions.queues</c>, with the Functions host's defaults.</summary>
public sealed record QueuesHostOptions
{
    public int BatchSize { get; init; } = 16;
    public int NewBatchThreshold { get; init; } = 8;
    public int MaxDequeueCount { get; init; } = 5;
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);
    public QueueMessageEncoding MessageEncoding { get; init; } = QueueMessageEncoding.Base64;
}
