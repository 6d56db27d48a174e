using Invitations.Email.Rendering;
using Invitations.Hosting.Telemetry;
using Invitations.Invitations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Email;

/// <summary>What one delivery of an email job came to (the queue message is then completed).</summary>
public enum EmailDispatchResult
{
    /// <summary>ACS accepted the email now.</summary>
    Sent,

    /// <summary>This send was already done (redelivery, or an earlier crash after ACS accepted it): no new POST.</summary>
    AlreadyDone,

    /// <summary>The invitation is gone or the job is stale: nothing sent.</summary>
    Dropped,

    /// <summary>ACS throttled: the job was put back on the queue for after Retry-After.</summary>
    Rescheduled,

    /// <summary>A permanent failure was recorded; no further attempts.</summary>
    Failed,

    /// <summary>Telemetry only (the delivery throws and the queue redelivers): the invitation write has not landed yet.</summary>
    NotYetWritten,

    /// <summary>Telemetry only (the delivery throws and the queue redelivers): a transient failure.</summary>
    Retrying,

    /// <summary>
    /// Another delivery holds the send's claim (it may be POSTing right now): no POST; the job is put back for when
    /// that claim's lease ends, and then finds the send done (or, if that delivery crashed, asks ACS and claims it).
    /// </summary>
    ClaimHeld,
}

/// <summary>
/// Thrown while a job's send is not on the invitation yet (the API queues before it writes): the queue redelivers
/// it; after the grace period or on the last delivery it is dropped as an orphan instead.
/// </summary>
public sealed class EmailJobNotReadyException(string message) : Exception(message);

/// <summary>Thrown for a transient failure: the queue redelivers the message, and after the last attempt it goes to poison.</summary>
public sealed class EmailSendTransientException(string message) : Exception(message);

/// <summary>
/// Sends the email of one queue message exactly once in effect:
/// <list type="number">
/// <item>every attempt of a send uses the same ACS Operation-Id (ACS de-duplicates repeats);</item>
/// <item>before the POST a delivery claims the send: an ETag-conditional <c>sending</c> write that only the delivery
/// that saw the send's current attempt count can make; a delivery that loses the claim, or finds a live claim of
/// another delivery, never POSTs (it is put back for when that claim's lease ends, and then finds the send done);</item>
/// <item>after the POST the send is recorded as <c>sent</c>/<c>failed</c>;</item>
/// <item>a redelivered job whose send is done is a no-op; one whose outcome is unknown (<c>sending</c>) asks ACS
/// for the operation's status before it POSTs again.</item>
/// </list>
/// A 429 re-queues the job for after Retry-After instead of sleeping (and so does not count toward poison);
/// permanent errors stop at once; transient errors throw so the queue retries, and the last attempt records <c>failed</c>.
/// Plain class: no Azure types, so the queue-triggered function stays a thin adapter.
/// </summary>
public sealed partial class InvitationEmailDispatcher(
    IInvitationEmailSource source,
    IEmailSender sender,
    InvitationEmailRenderer renderer,
    IEmailJobQueue queue,
    IOptions<EmailOptions> options,
    TimeProvider timeProvider,
    IOperationsTelemetry operations,
    ILogger<InvitationEmailDispatcher> logger)
{
    private readonly int _maxDequeueCount = options.Value.MaxDequeueCount;
    private readonly TimeSpan _orphanGrace = options.Value.OrphanGracePeriod;
    private readonly TimeSpan _claimLease = options.Value.SendClaimLease;

    /// <summary>Dispatches with no known insertion time: a job whose send is not on the invitation is dropped at once.</summary>
    public Task<EmailDispatchResult> DispatchAsync(EmailJob job, long dequeueCount, CancellationToken cancellationToken) =>
        DispatchAsync(job, dequeueCount, insertedAt: null, cancellationToken);

    /// <param name="job">The parsed queue message.</param>
    /// <param name="dequeueCount">How often the queue has delivered this message (1 on the first delivery).</param>
    /// <param name="insertedAt">When the message was put on the queue: a job whose send is not on the invitation yet is
    /// retried until <see cref="EmailOptions.OrphanGracePeriod"/> after it (or the last delivery), then dropped as an orphan.</param>
    public async Task<EmailDispatchResult> DispatchAsync(EmailJob job, long dequeueCount, DateTimeOffset? insertedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var operationId = job.OperationId;

        var context = await source.LoadAsync(job, cancellationToken);
        if (context is null || context.IsAhead)
        {
            var what = context is null ? "invitation not found" : "send not on the invitation";
            var age = insertedAt is { } at ? Now - at : TimeSpan.MaxValue;
            if (dequeueCount < _maxDequeueCount && age < _orphanGrace)
            {
                // The API queues before it writes: give the write time to land (the queue redelivers after its visibility timeout).
                Completed(job, EmailDispatchResult.NotYetWritten, 0, what);
                throw new EmailJobNotReadyException($"Email job for invitation {job.InvitationId} is ahead of storage: {what}");
            }

            return Completed(job, EmailDispatchResult.Dropped, 0, $"orphan: {what}");
        }

        if (!context.IsCurrent)
        {
            // An older link version or an older send of this one: never mail a dead or replaced link.
            return Completed(job, EmailDispatchResult.Dropped, context.Send?.Attempts ?? 0, "superseded: the invitation moved on or is closed");
        }

        var send = context.Send is { } recorded && recorded.OperationId == operationId ? recorded : null;
        var attempts = send?.Attempts ?? 0;
        // Only transient failures end in poison, so a replayed job may retry a send recorded as failed.
        var retryFailed = job.Replays > 0 && send?.Status == EmailDeliveryStatus.Failed;
        switch (send?.Status)
        {
            case EmailDeliveryStatus.Sent or EmailDeliveryStatus.Delivered or EmailDeliveryStatus.Bounced
                or EmailDeliveryStatus.Suppressed or EmailDeliveryStatus.Failed when !retryFailed:
                LogAlreadyDone(logger, operationId, send.Status);
                return Completed(job, EmailDispatchResult.AlreadyDone, attempts, $"already {send.Status}");

            case EmailDeliveryStatus.Sending when Now - send.At < _claimLease:
                // Another delivery claimed this send and may be POSTing right now: never a second POST.
                return await ClaimHeldAsync(job, attempts, send.At, "another delivery is sending it", cancellationToken);

            case EmailDeliveryStatus.Sending or EmailDeliveryStatus.Failed or EmailDeliveryStatus.Retrying:
                // A previous attempt may have reached ACS (crash, timeout, lost response): ask before sending again.
                var status = await sender.GetOperationStatusAsync(operationId, cancellationToken);
                if (status.WasAccepted)
                {
                    await RecordAcceptedOperationAsync(job, operationId, attempts, status, cancellationToken);
                    return Completed(job, EmailDispatchResult.AlreadyDone, attempts, $"earlier attempt reached ACS ({status.State})");
                }

                if (status.State != EmailOperationState.NotFound)
                {
                    return await TransientAsync(job, operationId, attempts, dequeueCount, $"status of an earlier attempt is unknown: {status.ErrorMessage}", null, cancellationToken);
                }

                break;
        }

        var message = renderer.Compose(context.Email with { Kind = job.Kind });
        var claim = await source.ClaimAsync(job, context, Now, cancellationToken);
        if (claim is null)
        {
            return await ClaimHeldAsync(job, attempts, Now, "another delivery claimed it first", cancellationToken);
        }

        attempts = claim.Attempts;
        var outcome = await sender.SendAsync(message, operationId, cancellationToken);
        switch (outcome)
        {
            case EmailAccepted accepted:
                await RecordAsync(job, new(EmailDeliveryStatus.Sent, operationId, attempts, Now, MessageId: accepted.MessageId), claim, cancellationToken);
                return Completed(job, EmailDispatchResult.Sent, attempts, null);

            case EmailThrottled throttled:
                // A new message, invisible until Retry-After, then complete this one: a throttle is not a dequeue.
                var reason = $"throttled; retry after {throttled.RetryAfter.TotalSeconds:0} s";
                await queue.EnqueueAsync(job, throttled.RetryAfter, cancellationToken);
                await RecordAsync(job, new(EmailDeliveryStatus.Queued, operationId, attempts, Now, reason), claim, cancellationToken);
                return Completed(job, EmailDispatchResult.Rescheduled, attempts, reason);

            case EmailPermanentFailure permanent:
                await RecordAsync(job, new(EmailDeliveryStatus.Failed, operationId, attempts, Now, permanent.Reason), claim, cancellationToken);
                LogFailed(logger, operationId, permanent.Code);
                return Completed(job, EmailDispatchResult.Failed, attempts, permanent.Code);

            case EmailTransientFailure transient:
                return await TransientAsync(job, operationId, attempts, dequeueCount, transient.Reason, claim, cancellationToken);

            default:
                throw new InvalidOperationException($"Unexpected send outcome {outcome.GetType().Name}.");
        }
    }

    private async Task RecordAcceptedOperationAsync(EmailJob job, Guid operationId, int attempts, EmailOperationStatus status, CancellationToken cancellationToken)
    {
        var update = status switch
        {
            { IsRecipientSuppressed: true } => new EmailDeliveryUpdate(EmailDeliveryStatus.Suppressed, operationId, attempts, Now, "recipient suppressed", operationId.ToString("D")),
            { State: EmailOperationState.Failed or EmailOperationState.Canceled } =>
                new EmailDeliveryUpdate(EmailDeliveryStatus.Failed, operationId, attempts, Now, $"{status.ErrorCode ?? status.State.ToString()}: {status.ErrorMessage}", operationId.ToString("D")),
            _ => new EmailDeliveryUpdate(EmailDeliveryStatus.Sent, operationId, attempts, Now, MessageId: operationId.ToString("D")),
        };
        await RecordAsync(job, update, claim: null, cancellationToken);
        LogRecovered(logger, operationId, status.State);
    }

    /// <summary>
    /// Leaves the send to the delivery that holds its claim, and puts the job back for when that claim's lease ends
    /// (a new message, so waiting never counts toward poison): by then the send is done, or its delivery crashed.
    /// </summary>
    private async Task<EmailDispatchResult> ClaimHeldAsync(EmailJob job, int attempts, DateTimeOffset claimedAt, string reason, CancellationToken cancellationToken)
    {
        var wait = claimedAt + _claimLease - Now;
        wait = wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
        await queue.EnqueueAsync(job, wait, cancellationToken);
        return Completed(job, EmailDispatchResult.ClaimHeld, attempts, $"{reason}; checked again in {Math.Ceiling(wait.TotalSeconds):0} s");
    }

    private async Task<EmailDispatchResult> TransientAsync(
        EmailJob job, Guid operationId, int attempts, long dequeueCount, string reason, EmailSendClaim? claim, CancellationToken cancellationToken)
    {
        if (dequeueCount >= _maxDequeueCount)
        {
            // The last delivery: the host moves the message to poison after this throw; the invitation shows failed.
            await RecordAsync(job, new(EmailDeliveryStatus.Failed, operationId, attempts, Now, $"gave up after {dequeueCount} deliveries: {reason}"), claim, cancellationToken);
            Completed(job, EmailDispatchResult.Failed, attempts, $"gave up after {dequeueCount} deliveries: {reason}");
        }
        else
        {
            if (claim is not null)
            {
                // Release the claim (the next delivery must not wait for its lease), saying why; the next delivery
                // asks ACS first, since a timed-out POST may have landed.
                await RecordAsync(job, new(EmailDeliveryStatus.Retrying, operationId, attempts, Now, reason), claim, cancellationToken);
            }

            Completed(job, EmailDispatchResult.Retrying, attempts, reason);
        }

        LogTransient(logger, operationId, dequeueCount, reason);
        throw new EmailSendTransientException($"Email {operationId} failed transiently: {reason}");
    }

    // One line and one event per delivery of a job: the alerts and the workbook query EmailSendCompleted by outcome.
    // Ids only: no addresses, no links.
    private EmailDispatchResult Completed(EmailJob job, EmailDispatchResult outcome, int attempts, string? reason)
    {
        var name = outcome.ToString();
        EmailTelemetry.SendCompleted(logger, job.AccountId, job.InvitationId, job.LinkVersion, job.SendNumber, name, attempts, reason ?? "");
        operations.TrackEvent(
            EmailTelemetry.SendCompletedEvent,
            new Dictionary<string, string>
            {
                ["accountId"] = job.AccountId,
                ["invitationId"] = job.InvitationId.ToString("D"),
                ["linkVersion"] = OperationsTelemetryValues.Of(job.LinkVersion),
                ["sendNumber"] = OperationsTelemetryValues.Of(job.SendNumber),
                ["outcome"] = name,
                ["attempts"] = OperationsTelemetryValues.Of(attempts),
                ["reason"] = reason ?? "",
            },
            new Dictionary<string, double> { ["EmailSend.Attempts"] = attempts });
        return outcome;
    }

    private Task RecordAsync(EmailJob job, EmailDeliveryUpdate update, EmailSendClaim? claim, CancellationToken cancellationToken) =>
        source.RecordAsync(job, update, claim, cancellationToken);

    private DateTimeOffset Now => timeProvider.GetUtcNow();

    [LoggerMessage(EventId = 4122, Level = LogLevel.Information, Message = "Email {OperationId} already {Status}; redelivery ignored")]
    private static partial void LogAlreadyDone(ILogger logger, Guid operationId, EmailDeliveryStatus status);

    [LoggerMessage(EventId = 4123, Level = LogLevel.Information, Message = "Email {OperationId} had reached ACS before ({State}); not sent again")]
    private static partial void LogRecovered(ILogger logger, Guid operationId, EmailOperationState state);

    [LoggerMessage(EventId = 4124, Level = LogLevel.Warning, Message = "Email {OperationId} failed permanently ({Code})")]
    private static partial void LogFailed(ILogger logger, Guid operationId, string? code);

    [LoggerMessage(EventId = 4125, Level = LogLevel.Warning, Message = "Email {OperationId} failed transiently on delivery {DequeueCount}: {Reason}")]
    private static partial void LogTransient(ILogger logger, Guid operationId, long dequeueCount, string reason);
}
