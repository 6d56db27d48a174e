using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Invitations.Storage;
using Microsoft.Extensions.Logging;

namespace Invitations.Email;

/// <summary>
/// <see cref="IEmailJobQueue"/> on Azure Storage Queues. The <see cref="QueueServiceClient"/> from DI encodes
/// messages as base64, which the Functions queue trigger expects. The queue is created once, on first use.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is a queue of email jobs.")]
public sealed partial class StorageEmailJobQueue : IEmailJobQueue
{
    public const string QueueNameSetting = "EmailQueueName";
    public const string DefaultQueueName = "invitation-emails";

    private readonly QueueClient _queue;
    private readonly ILogger<StorageEmailJobQueue> _logger;
    private readonly CreateOnce _creation;

    public StorageEmailJobQueue(QueueServiceClient queues, IConfiguration configuration, ILogger<StorageEmailJobQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(configuration);
        var name = configuration[QueueNameSetting];
        _queue = queues.GetQueueClient(string.IsNullOrWhiteSpace(name) ? DefaultQueueName : name);
        _creation = new CreateOnce(() => _queue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None));
        _logger = logger;
    }

    public string QueueName => _queue.Name;

    public async Task EnqueueAsync(EmailJob job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        await _creation.EnsureAsync(ct);
        await _queue.SendMessageAsync(job.ToJson(), ct);
        LogQueued(_logger, job.Kind, job.AccountId, job.InvitationId, job.LinkVersion, job.SendNumber);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Kind} email job for invitation {InvitationId} of account {AccountId} (link v{LinkVersion}, send {SendNumber})")]
    private static partial void LogQueued(ILogger logger, string kind, string accountId, string invitationId, int linkVersion, int sendNumber);
}
