using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
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
    private readonly Lock _gate = new();
    private Task? _creation;

    public StorageEmailJobQueue(QueueServiceClient queues, IConfiguration configuration, ILogger<StorageEmailJobQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(configuration);
        var name = configuration[QueueNameSetting];
        _queue = queues.GetQueueClient(string.IsNullOrWhiteSpace(name) ? DefaultQueueName : name);
        _logger = logger;
    }

    public string QueueName => _queue.Name;

    public async Task EnqueueAsync(EmailJob job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        await EnsureCreatedAsync(ct);
        await _queue.SendMessageAsync(job.ToJson(), ct);
        LogQueued(_logger, job.Kind, job.AccountId, job.InvitationId, job.LinkVersion, job.SendNumber);
    }

    private Task EnsureCreatedAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            if (_creation is null || _creation.IsFaulted || _creation.IsCanceled)
            {
                _creation = _queue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
            }

            return _creation.WaitAsync(ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Kind} email job for invitation {InvitationId} of account {AccountId} (link v{LinkVersion}, send {SendNumber})")]
    private static partial void LogQueued(ILogger logger, string kind, string accountId, Guid invitationId, int linkVersion, int sendNumber);
}
