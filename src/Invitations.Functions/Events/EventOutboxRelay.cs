using Azure;
using Invitations.Hosting.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Events;

/// <summary>
/// Publishes an account's outbox at least once, in order per invitation, in batches. One run per nudge, under the
/// partition's lease: read a batch in key order, publish it, delete it; repeat until the partition is drained. A crash
/// anywhere leaves the rows (and the nudge, which the queue redelivers), so nothing is lost; a refused batch stops the
/// run and the nudge comes back after an exponential backoff. See docs/events.md.
/// </summary>
public sealed class EventOutboxRelay(
    EventOutboxStore store,
    IEventPublisher publisher,
    EventQueues queues,
    IOptions<EventsOptions> options,
    TimeProvider time,
    IOperationsTelemetry telemetry,
    EventsMetrics metrics,
    ILogger<EventOutboxRelay> logger)
{
    /// <summary>How long a nudge waits for its change to commit (the door's write can still be landing) before it is dropped.</summary>
    public static readonly TimeSpan CommitGracePeriod = TimeSpan.FromMinutes(10);

    /// <summary>When a nudge comes back while another relay holds the lease or the change is still landing.</summary>
    public static readonly TimeSpan RecheckDelay = TimeSpan.FromSeconds(5);

    /// <summary>A run stops taking new batches after this (well inside the lease and the function timeout).</summary>
    public static readonly TimeSpan MaxRunDuration = TimeSpan.FromSeconds(30);

    private readonly EventsOptions _options = options.Value;

    public async Task<EventRelayOutcome> RelayAsync(EventNudge nudge, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(nudge);
        if (await store.TryAcquireLeaseAsync(nudge.AccountId, ct) is not { } lease)
        {
            await queues.SendAsync(nudge, RecheckDelay, ct);
            return EventRelayOutcome.Busy;
        }

        try
        {
            return await DrainAsync(nudge, lease, ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Storage failed under us: the queue redelivers the nudge; free the partition for it if we can.
            await TryReleaseAsync(nudge.AccountId, lease);
            throw;
        }
    }

    private async Task<EventRelayOutcome> DrainAsync(EventNudge nudge, ETag lease, CancellationToken ct)
    {
        var account = nudge.AccountId;
        var ownKey = OutboxRows.Key(nudge.InvitationId, nudge.Sequence);
        var started = time.GetTimestamp();
        var published = 0;
        var oldestSeconds = 0.0;
        var sawOwn = false;
        var knownCommitted = false;

        while (true)
        {
            var rows = await store.ReadPendingAsync(account, _options.BatchSize, ct);
            if (rows.Count > 0)
            {
                var now = time.GetUtcNow();
                oldestSeconds = Math.Max(oldestSeconds, rows.Max(r => r.StoredAt is { } at ? Math.Max(0, (now - at).TotalSeconds) : 0));
                try
                {
                    await publisher.PublishAsync([.. rows.Select(r => r.Event)], ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    await store.ReleaseLeaseAsync(account, lease, ct);
                    var delay = RelayBackoff.Delay(nudge.Attempt, _options.RetryDelay, _options.MaxRetryDelay, Random.Shared.NextDouble());
                    await queues.SendAsync(nudge with { Attempt = nudge.Attempt + 1 }, delay, ct);
                    ReportFailure(ex, nudge, rows.Count, oldestSeconds, delay);
                    return EventRelayOutcome.Failed;
                }

                published += rows.Count;
                sawOwn |= rows.Any(r => r.RowKey == ownKey);
            }

            var drained = rows.Count < _options.BatchSize;
            var done = drained && (sawOwn || knownCommitted);
            if (rows.Count > 0)
            {
                if (await store.CompleteAsync(account, rows, lease, releaseLease: done, ct) is not { } next)
                {
                    EventsLog.LeaseLost(logger, account);
                    return EventRelayOutcome.LeaseLost;
                }

                lease = next;
            }
            else if (done)
            {
                await store.ReleaseLeaseAsync(account, lease, ct);
            }

            if (done)
            {
                ReportSuccess(nudge, published, oldestSeconds);
                return EventRelayOutcome.Published;
            }

            if (drained)
            {
                // The nudged event was not among the rows: published by an earlier run, or its change has not landed.
                if (!await store.HasCommittedAsync(account, nudge.InvitationId, nudge.Sequence, ct))
                {
                    await store.ReleaseLeaseAsync(account, lease, ct);
                    ReportSuccess(nudge, published, oldestSeconds);
                    return await WaitForCommitAsync(nudge, ct);
                }

                // Committed: read once more, for a row that landed after the read above.
                knownCommitted = true;
                continue;
            }

            if (time.GetElapsedTime(started) > MaxRunDuration)
            {
                await store.ReleaseLeaseAsync(account, lease, ct);
                await queues.SendAsync(nudge, TimeSpan.Zero, ct);
                ReportSuccess(nudge, published, oldestSeconds);
                return EventRelayOutcome.Continued;
            }
        }
    }

    private async Task<EventRelayOutcome> WaitForCommitAsync(EventNudge nudge, CancellationToken ct)
    {
        if (time.GetUtcNow() - nudge.FirstSentAt < CommitGracePeriod)
        {
            await queues.SendAsync(nudge, RecheckDelay, ct);
            return EventRelayOutcome.WaitingForCommit;
        }

        EventsLog.NeverCommitted(logger, nudge.AccountId, nudge.InvitationId, nudge.Sequence, CommitGracePeriod.TotalMinutes);
        return EventRelayOutcome.NeverCommitted;
    }

    private async Task TryReleaseAsync(string accountId, ETag lease)
    {
        try
        {
            await store.ReleaseLeaseAsync(accountId, lease, CancellationToken.None);
        }
        catch (RequestFailedException)
        {
            // It expires on its own.
        }
    }

    private void ReportSuccess(EventNudge nudge, int published, double oldestSeconds)
    {
        if (published == 0)
        {
            return;
        }

        metrics.Published(published, oldestSeconds);
        var oldest = (long)Math.Ceiling(oldestSeconds);
        EventsLog.Relayed(logger, nudge.AccountId, published, oldest);
        Track(EventsRelayEvents.Relayed, nudge, published, oldestSeconds);
    }

    private void ReportFailure(Exception exception, EventNudge nudge, int pending, double oldestSeconds, TimeSpan retryIn)
    {
        metrics.Failed(oldestSeconds);
        var retryInSeconds = (long)Math.Ceiling(retryIn.TotalSeconds);
        var oldest = (long)Math.Ceiling(oldestSeconds);
        EventsLog.PublishFailed(logger, exception, nudge.AccountId, pending, nudge.Attempt, oldest, retryInSeconds);
        Track(EventsRelayEvents.PublishFailed, nudge, 0, oldestSeconds);
    }

    private void Track(string name, EventNudge nudge, int published, double oldestSeconds)
    {
        try
        {
            telemetry.TrackEvent(name, EventsRelayEvents.Properties(nudge.AccountId, published, oldestSeconds, nudge.Attempt), EventsRelayEvents.Metrics(published, oldestSeconds));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            EventsLog.OpsEventFailed(logger, ex, name);
        }
    }
}
