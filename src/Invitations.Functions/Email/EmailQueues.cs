using Azure.Storage.Queues;
using Invitations.Storage;
using Microsoft.Extensions.Configuration;

namespace Invitations.Email;

/// <summary>
/// The email jobs queue (setting <c>EmailQueueName</c>, default <c>invitation-emails</c>, the trigger's
/// <c>%EmailQueueName%</c>) and its <c>-poison</c> queue.
/// </summary>
public sealed class EmailQueues(QueueServiceClient queues, IConfiguration configuration)
    : SettingNamedQueues(queues, configuration, QueueNameSetting, DefaultQueueName)
{
    public const string QueueNameSetting = "EmailQueueName";
    public const string DefaultQueueName = "invitation-emails";
}
