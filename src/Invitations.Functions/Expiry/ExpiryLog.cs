using Microsoft.Extensions.Logging;

namespace Invitations.Expiry;

internal static partial class ExpiryLog
{
    /// <summary>
    /// The one line per run that alerts query (traces/customEvents named ExpiryRunCompleted). The property
    /// names are a contract with the infrastructure alerts: change them together.
    /// </summary>
    [LoggerMessage(EventId = 5001, EventName = "ExpiryRunCompleted", Level = LogLevel.Information,
        Message = "ExpiryRunCompleted: run {runId} ({trigger}) {outcome}: expired {expired}, examined {examined}, skipped {skipped}, errors {errors}, " +
                  "buckets {bucketsRead}, backlog {backlogRemaining}, pastDue {isPastDue}, {durationMs} ms")]
    public static partial void RunCompleted(ILogger logger, string runId, string trigger, string outcome, int expired, int examined,
        int skipped, int errors, int bucketsRead, bool backlogRemaining, bool isPastDue, long durationMs);

    /// <summary>Dry runs log under their own name so they never feed the alerts.</summary>
    [LoggerMessage(EventId = 5002, EventName = "ExpiryDryRunCompleted", Level = LogLevel.Information,
        Message = "ExpiryDryRunCompleted: dry run {runId} would expire {expired}, examined {examined}, skipped {skipped}, errors {errors}, backlog {backlogRemaining}, {durationMs} ms")]
    public static partial void DryRunCompleted(ILogger logger, string runId, int expired, int examined, int skipped, int errors, bool backlogRemaining, long durationMs);

    [LoggerMessage(EventId = 5003, EventName = "ExpiryRunLockedOut", Level = LogLevel.Warning,
        Message = "Expiry run {runId} ({trigger}) did nothing: run {holder} holds the lock")]
    public static partial void LockedOut(ILogger logger, string runId, string trigger, string? holder);

    [LoggerMessage(EventId = 5004, EventName = "ExpiryItemFailed", Level = LogLevel.Warning,
        Message = "Expiry run {runId} could not resolve invitation {invitationId} of account {accountId} (bucket {bucket}): status {status}")]
    public static partial void ItemFailed(ILogger logger, Exception exception, string runId, Guid invitationId, string accountId, string bucket, int status);

    [LoggerMessage(EventId = 5005, EventName = "ExpiryRunFailed", Level = LogLevel.Error,
        Message = "Expiry run {runId} ({trigger}) failed after examining {examined}")]
    public static partial void RunFailed(ILogger logger, Exception exception, string runId, string trigger, int examined);

    [LoggerMessage(EventId = 5006, EventName = "ExpiryRunAbandoned", Level = LogLevel.Warning,
        Message = "Expiry run {runId} took over the lock of run {previousRunId}, whose lease had expired; that run is recorded as failed")]
    public static partial void TookOverLock(ILogger logger, string runId, string previousRunId);

    [LoggerMessage(EventId = 5007, EventName = "ExpiryBadIndexRow", Level = LogLevel.Warning,
        Message = "Expiry run {runId} found an index row it cannot read: bucket {bucket}, row {rowKey}")]
    public static partial void BadIndexRow(ILogger logger, string runId, string bucket, string rowKey);

    [LoggerMessage(EventId = 5008, EventName = "ExpiryRunEventFailed", Level = LogLevel.Warning,
        Message = "Expiry run {runId} could not send its ExpiryRunCompleted operations event")]
    public static partial void EventFailed(ILogger logger, Exception exception, string runId);
}
