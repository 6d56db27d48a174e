using Azure.Storage.Queues;
using Invitations.Storage;
using Microsoft.Extensions.Configuration;

namespace Invitations.Events;

/// <summary>
/// The relay's nudge queue (setting <c>EventsQueueName</c>, default <c>invitation-events</c>, the trigger's
/// <c>%EventsQueueName%</c>) and its <c>-poison</c> queue. Nudges never expire (time-to-live -1).
/// </summary>
public sealed class EventQueues(QueueServiceClient queues, IConfiguration configuration)
    : SettingNamedQueues(queues, configuration, QueueNameSetting, DefaultQueueName)
{
    public const string QueueNameSetting = "EventsQueueName";
    public const string DefaultQueueName = "invitation-events";

    /// <summary>Never expires: a nudge is the only pointer to its account's outbox.</summary>
    public static readonly TimeSpan NoExpiry = TimeSpan.FromSeconds(-1);

    /// <summary>Sends <paramref name="nudge"/>, visible after <paramref name="delay"/>.</summary>
    public async Task SendAsync(EventNudge nudge, TimeSpan delay, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(nudge);
        await EnsureMainCreatedAsync(ct);
        await Main.SendMessageAsync(nudge.ToJson(), delay, NoExpiry, ct);
    }
}
