using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Invitations.Storage;

/// <summary>
/// A queue named by a top-level setting (what a trigger binds as <c>%Setting%</c>), with a default, and its
/// <c>-poison</c> queue. The <see cref="QueueServiceClient"/> from DI encodes base64, as the Functions queue trigger
/// expects. The main queue is created once, on first use.
/// </summary>
public abstract class SettingNamedQueues
{
    private readonly CreateOnce _creation;

    protected SettingNamedQueues(QueueServiceClient queues, IConfiguration configuration, string settingName, string defaultName)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(configuration);
        var name = configuration[settingName];
        Main = queues.GetQueueClient(string.IsNullOrWhiteSpace(name) ? defaultName : name);
        Poison = queues.GetQueueClient(Main.Name + "-poison");
        _creation = new CreateOnce(() => Main.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None));
    }

    public QueueClient Main { get; }

    public QueueClient Poison { get; }

    public Task EnsureMainCreatedAsync(CancellationToken cancellationToken) => _creation.EnsureAsync(cancellationToken);
}
