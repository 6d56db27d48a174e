using Azure.Storage.Queues;
using Invitations.Storage;
using Microsoft.Extensions.Configuration;

namespace Invitations.Email;

/// <summary>
/// The email jobs queue (setting <c>EmailQueueName</c>, default <c>invitation-emails</c>, the trigger's
/// <c>%EmailQueueName%</c>) and its <c>-poison</c> queue. The <see cref="QueueServiceClient"/> from DI encodes base64,
/// as the Functions queue trigger expects. The main queue is created once, on first use.
/// </summary>
public sealed class EmailQueues
{
    public const string QueueNameSetting = "EmailQueueName";
    public const string DefaultQueueName = "invitation-emails";

    private readonly CreateOnce _creation;

    public EmailQueues(QueueServiceClient queues, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(configuration);
        var name = configuration[QueueNameSetting];
        Main = queues.GetQueueClient(string.IsNullOrWhiteSpace(name) ? DefaultQueueName : name);
        Poison = queues.GetQueueClient(Main.Name + "-poison");
        _creation = new CreateOnce(() => Main.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None));
    }

    public QueueClient Main { get; }

    public QueueClient Poison { get; }

    public Task EnsureMainCreatedAsync(CancellationToken cancellationToken) => _creation.EnsureAsync(cancellationToken);
}
