using Microsoft.Extensions.Logging;

namespace Invitations.Events;

internal static partial class EventsLog
{
    [LoggerMessage(EventId = 6001, EventName = "EventsRelayed", Level = LogLevel.Information,
        Message = "EventsRelayed: account {accountId}: {published} events published, oldest pending {oldestPendingSeconds} s")]
    public static partial void Relayed(ILogger logger, string accountId, int published, long oldestPendingSeconds);

    [LoggerMessage(EventId = 6002, EventName = "EventsPublishFailed", Level = LogLevel.Warning,
        Message = "EventsPublishFailed: account {accountId}: a batch of {pending} events was not accepted (attempt {attempt}); oldest pending {oldestPendingSeconds} s; retry in {retryInSeconds} s")]
    public static partial void PublishFailed(ILogger logger, Exception exception, string accountId, int pending, int attempt, long oldestPendingSeconds, long retryInSeconds);

    [LoggerMessage(EventId = 6003, EventName = "EventsNeverCommitted", Level = LogLevel.Information,
        Message = "Event nudge for invitation {invitationId} of account {accountId} (sequence {sequence}) dropped: its change did not commit within {graceMinutes} minutes")]
    public static partial void NeverCommitted(ILogger logger, string accountId, Guid invitationId, long sequence, double graceMinutes);

    [LoggerMessage(EventId = 6004, EventName = "EventsLeaseLost", Level = LogLevel.Warning,
        Message = "The event relay of account {accountId} lost its lease; the new holder publishes the remaining rows")]
    public static partial void LeaseLost(ILogger logger, string accountId);

    [LoggerMessage(EventId = 6005, EventName = "EventNudgesRecovered", Level = LogLevel.Warning,
        Message = "EventNudgesRecovered: {moved} poisoned event nudges moved back to {queue}; {left} unreadable left in poison")]
    public static partial void NudgesRecovered(ILogger logger, int moved, int left, string queue);

    [LoggerMessage(EventId = 6006, EventName = "EventsOpsEventFailed", Level = LogLevel.Warning,
        Message = "Could not send the {eventName} operations event")]
    public static partial void OpsEventFailed(ILogger logger, Exception exception, string eventName);
}
