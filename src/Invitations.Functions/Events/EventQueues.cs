using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
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
    public async Task<SendReceipt> SendAsync(EventNudge nudge, TimeSpan delay, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(nudge);
        await EnsureMainCreatedAsync(ct);
        return (await Main.SendMessageAsync(nudge.ToJson(), delay, NoExpiry, ct)).Value;
    }

    /// <summary>Takes a sent nudge back; false when the relay received it meanwhile (its pop receipt changed) or it is gone.</summary>
    public async Task<bool> TryDeleteAsync(SendReceipt receipt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        try
        {
            await Main.DeleteMessageAsync(receipt.MessageId, receipt.PopReceipt, ct);
            return true;
        }
        catch (Azure.RequestFailedException e) when (e.Status is 404 or 400)
        {
            return false;
        }
    }
}
