using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Invitations.Hosting.Telemetry;
using Invitations.Invitations;
using Invitations.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Expiry;

public sealed record ExpiryRunRequest(string Trigger, bool IsPastDue = false, bool DryRun = false);

/// <summary>An invitation a dry run would expire.</summary>
public sealed record ExpiryCandidate(string AccountId, Guid InvitationId, DateTimeOffset ExpiresAt);

public sealed record ExpiryRunReport(ExpiryRunRecord Run, IReadOnlyList<ExpiryCandidate> WouldExpire);

/// <summary>
/// One sweep run: takes the run lock, reads the due part of the expiry index (oldest first), resolves each row
/// against its invitation (an expiry is a change like any other: it goes through <see cref="InvitationWriter"/>),
/// deletes resolved rows (that is the progress it commits), and records the run. Bounded by <see cref="ExpiryOptions"/>; whatever it leaves, the next run picks up.
/// </summary>
public sealed class ExpirySweeper(
    ExpiryIndex index,
    ExpiryRunStore runs,
    InvitationStore invitations,
    InvitationWriter writer,
    ExpiryMetrics metrics,
    IOperationsTelemetry operations,
    IOptions<ExpiryOptions> options,
    TimeProvider time,
    ILogger<ExpirySweeper> logger)
{
    /// <summary>Candidates listed in a dry run's answer at most (the counts cover all).</summary>
    public const int MaxListedCandidates = 100;

    /// <summary>A run that hits this many storage errors stops: storage is likely unhealthy.</summary>
    public const int MaxErrorsPerRun = 25;

    private const int MaxRetentionDeletesPerRun = 200;

    public async Task<ExpiryRunReport> RunAsync(ExpiryRunRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        var now = time.GetUtcNow();
        var started = time.GetTimestamp();
        var run = new ExpiryRunRecord
        {
            Id = ExpiryRunStore.NewRunId(now),
            Trigger = request.Trigger,
            StartedAt = now,
            IsPastDue = request.IsPastDue,
            DryRun = request.DryRun,
            Outcome = ExpiryRunOutcomes.Running,
        };

        if (request.DryRun)
        {
            // Changes nothing: no lock, no record, no index or invitation write.
            var dry = new Sweep(run, now, new ExpiryBudget(settings.MaxItemsPerRun, settings.MaxRunDuration, time), DryRun: true);
            await SweepAsync(dry, settings, ct);
            Complete(run, dry, started);
            ExpiryLog.DryRunCompleted(logger, run.Id, run.Expired, run.Examined, run.Skipped, run.Errors, run.BacklogRemaining, run.DurationMs);
            return new ExpiryRunReport(run, [.. dry.Candidates.Take(MaxListedCandidates)]);
        }

        var lease = await runs.TryAcquireLockAsync(run.Id, now, now + settings.MaxRunDuration + TimeSpan.FromMinutes(1), ct);
        if (!lease.Acquired)
        {
            run.Outcome = ExpiryRunOutcomes.LockedOut;
            run.Detail = lease.PreviousHolder is null ? "Another run holds the lock." : $"Run {lease.PreviousHolder} holds the lock.";
            run.EndedAt = time.GetUtcNow();
            run.DurationMs = (long)time.GetElapsedTime(started).TotalMilliseconds;
            await runs.SaveAsync(run, ct);
            ExpiryLog.LockedOut(logger, run.Id, run.Trigger, lease.PreviousHolder);
            Publish(run);
            return new ExpiryRunReport(run, []);
        }

        var sweep = new Sweep(run, now, new ExpiryBudget(settings.MaxItemsPerRun, settings.MaxRunDuration, time), DryRun: false);
        try
        {
            try
            {
                if (lease.PreviousHolder is { } previous)
                {
                    await MarkAbandonedAsync(run.Id, previous, ct);
                }

                await runs.SaveAsync(run, ct);
                await SweepAsync(sweep, settings, ct);
                Complete(run, sweep, started);
                await runs.WriteCheckpointAsync(run.CheckpointBucket!, run.Id, time.GetUtcNow(), ct);
                await runs.DeleteOlderThanAsync(now - TimeSpan.FromDays(settings.RunRetentionDays), MaxRetentionDeletesPerRun, ct);
            }
            catch (Exception e)
            {
                // Counts so far are true (rows in flight finished). Record the failure, then let it surface.
                Complete(run, sweep, started);
                run.Outcome = ExpiryRunOutcomes.Failed;
                run.BacklogRemaining = true; // It did not get to the end of what was due.
                run.Detail = Describe(e);
                ExpiryLog.RunFailed(logger, e, run.Id, run.Trigger, run.Examined);
                await SaveFinalAsync(run);
                throw;
            }

            Report(run);
            await runs.SaveAsync(run, ct);
            return new ExpiryRunReport(run, []);
        }
        finally
        {
            await runs.ReleaseLockAsync(lease.ETag, CancellationToken.None);
        }
    }

    private async Task SaveFinalAsync(ExpiryRunRecord run)
    {
        Report(run);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await runs.SaveAsync(run, timeout.Token);
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException)
        {
            // The log line above still carries the run.
        }
    }

    /// <summary>The end of a run that held the lock: one log line, one operations event, the Meter.</summary>
    private void Report(ExpiryRunRecord run)
    {
        ExpiryLog.RunCompleted(logger, run.Id, run.Trigger, run.Outcome, run.Expired, run.Examined, run.Skipped, run.Errors,
            run.BucketsRead, run.BacklogRemaining, run.IsPastDue, run.DurationMs);
        try
        {
            operations.TrackEvent(ExpiryRunEvent.Name, ExpiryRunEvent.Properties(run), ExpiryRunEvent.Metrics(run));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Telemetry never fails a run; the log line above still carries it.
            ExpiryLog.EventFailed(logger, e, run.Id);
        }

        Publish(run);
    }

    private void Publish(ExpiryRunRecord run)
    {
        if (!run.DryRun)
        {
            metrics.Record(run);
        }
    }

    private async Task MarkAbandonedAsync(string runId, string previousRunId, CancellationToken ct)
    {
        var previous = await runs.GetAsync(previousRunId, ct);
        if (previous is { Outcome: ExpiryRunOutcomes.Running })
        {
            previous.Outcome = ExpiryRunOutcomes.Failed;
            previous.Detail = "The run stopped without finishing (its lock lease expired); the next run continued its work.";
            await runs.SaveAsync(previous, ct);
            ExpiryLog.TookOverLock(logger, runId, previousRunId);
        }
    }

    private void Complete(ExpiryRunRecord run, Sweep sweep, long started)
    {
        run.EndedAt = time.GetUtcNow();
        run.DurationMs = (long)time.GetElapsedTime(started).TotalMilliseconds;
        run.BucketsRead = sweep.Buckets.Count;
        run.Examined = sweep.Examined;
        run.Expired = sweep.Expired;
        run.Skipped = sweep.Skipped;
        run.Errors = sweep.Errors;
        run.BacklogRemaining = sweep.Budget.Exhausted;
        run.CheckpointBucket = sweep.CheckpointBucket;
        run.Outcome = sweep.Errors >= MaxErrorsPerRun ? ExpiryRunOutcomes.Failed
            : sweep.Errors > 0 || run.BacklogRemaining ? ExpiryRunOutcomes.Partial
            : ExpiryRunOutcomes.Succeeded;
        if (sweep.Errors >= MaxErrorsPerRun)
        {
            run.Detail = $"Stopped after {sweep.Errors} storage errors.";
        }
    }

    private async Task SweepAsync(Sweep sweep, ExpiryOptions settings, CancellationToken ct)
    {
        var pageSize = Math.Clamp(settings.MaxItemsPerRun + 1, 1, 1000);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = ct };
        await foreach (var page in index.QueryUpTo(sweep.Now, pageSize, ct).AsPages())
        {
            // Items get the run's token, not the loop's: when one item throws, the others in flight finish their
            // writes and are counted, so a failed run's counts stay exact.
            try
            {
                await Parallel.ForEachAsync(page.Values, parallel, (entity, _) => new ValueTask(ProcessAsync(sweep, entity, ct)));
            }
            finally
            {
                // Commit the page's progress, even when an item failed: resolved rows leave the index.
                await DeleteResolvedAsync(sweep, ct);
            }

            if (sweep.Budget.Exhausted || sweep.Errors >= MaxErrorsPerRun)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Deletes the rows resolved so far, batched per bucket partition (a transaction never spans partitions), each
    /// only if unchanged since read. A batch that fails (one row rewritten or gone) falls back to one delete per row.
    /// </summary>
    private async Task DeleteResolvedAsync(Sweep sweep, CancellationToken ct)
    {
        var resolved = new List<ExpiryIndexEntry>();
        while (sweep.Resolved.TryDequeue(out var entry))
        {
            resolved.Add(entry);
        }

        var batches = resolved.GroupBy(e => e.Bucket, StringComparer.Ordinal).SelectMany(g => g.Chunk(100));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = ct },
            async (batch, token) =>
            {
                if (batch.Length > 1 && await index.TryDeleteBatchAsync(batch, token))
                {
                    return;
                }

                foreach (var entry in batch)
                {
                    await index.DeleteAsync(entry, token);
                }
            });
    }

    private async Task ProcessAsync(Sweep sweep, TableEntity entity, CancellationToken ct)
    {
        if (sweep.Budget.Exhausted || sweep.Errors >= MaxErrorsPerRun)
        {
            sweep.Keep(entity.PartitionKey);
            return;
        }

        if (ExpiryIndex.Parse(entity) is not { } entry)
        {
            ExpiryLog.BadIndexRow(logger, sweep.Run.Id, entity.PartitionKey, entity.RowKey);
            sweep.Error(entity.PartitionKey);
            return;
        }

        if (!ExpiryDecisions.IsDue(entry, sweep.Now))
        {
            return;
        }

        if (!sweep.Budget.TryTake())
        {
            sweep.Keep(entry.Bucket);
            return;
        }

        sweep.Read(entry.Bucket);
        try
        {
            await ResolveAsync(sweep, entry, ct);
        }
        catch (RequestFailedException e)
        {
            // Left in the index: the next run tries again.
            ExpiryLog.ItemFailed(logger, e, sweep.Run.Id, entry.InvitationId, entry.AccountId, entry.Bucket, e.Status);
            sweep.Error(entry.Bucket);
        }
        catch (ConcurrencyConflictException)
        {
            // Changed again and again during this run: leave the row, the next run decides on fresh state.
            sweep.Skip(keptBucket: entry.Bucket);
        }
    }

    private async Task ResolveAsync(Sweep sweep, ExpiryIndexEntry entry, CancellationToken ct)
    {
        var stored = await invitations.GetAsync(entry.AccountId, entry.InvitationId, ct);
        var decision = ExpiryDecisions.Decide(entry, stored?.Value, sweep.Now);
        if (decision == ExpiryDecision.Expire && sweep.DryRun)
        {
            sweep.WouldExpire(new ExpiryCandidate(entry.AccountId, entry.InvitationId, entry.ExpiresAt));
            return;
        }

        if (decision == ExpiryDecision.Expire)
        {
            try
            {
                // The rules decide again on every attempt: a concurrent accept, revoke or reissue wins, and the write path
                // re-reads and finds nothing left to expire.
                var result = await writer.ChangeAsync(
                    entry.AccountId,
                    entry.InvitationId,
                    (invitation, now) =>
                    {
                        if (ExpiryDecisions.Decide(entry, invitation, sweep.Now) == ExpiryDecision.Expire)
                        {
                            invitation.MarkExpired(now);
                        }
                    },
                    new InvitationWriteOptions { Known = stored },
                    ct);
                if (result.Changed)
                {
                    sweep.ExpiredOne();
                    sweep.Resolved.Enqueue(entry);
                    return;
                }

                stored = result.Stored;
            }
            catch (InvitationRuleException e) when (e.Code == InvitationErrorCodes.NotFound)
            {
                stored = null;
            }

            decision = ExpiryDecisions.Decide(entry, stored?.Value, sweep.Now);
        }

        if (decision is ExpiryDecision.Wait or ExpiryDecision.NotYetDue or ExpiryDecision.Expire)
        {
            sweep.Skip(keptBucket: entry.Bucket);
            return;
        }

        // Stale.
        if (!sweep.DryRun)
        {
            if (stored is { Value.StoredStatus: InvitationStatus.Pending } && !ExpiryDecisions.SameWindow(stored.Value, entry))
            {
                // Pending with another window (reissued, or this row was overwritten by a write that then failed):
                // make sure its current window has a row before this one goes. Throws on failure, which keeps this row.
                await index.RecordAsync(stored.Value.AccountId, stored.Value.Id, stored.Value.ExpiresAt, ct);
            }

            sweep.Resolved.Enqueue(entry);
        }

        sweep.Skip();
    }

    private static string Describe(Exception e) => e switch
    {
        RequestFailedException storage => $"Storage error {storage.Status} ({storage.ErrorCode ?? "no code"}).",
        OperationCanceledException => "The run was cancelled (host shutdown or timeout).",
        _ => $"Unexpected {e.GetType().Name}; see the ExpiryRunFailed log entry.",
    };

    /// <summary>Counters of one run, updated by parallel workers.</summary>
    private sealed record Sweep(ExpiryRunRecord Run, DateTimeOffset Now, ExpiryBudget Budget, bool DryRun)
    {
        private int _examined;
        private int _expired;
        private int _skipped;
        private int _errors;
        private string? _earliestKept;
        private readonly Lock _gate = new();

        public ConcurrentDictionary<string, byte> Buckets { get; } = new(StringComparer.Ordinal);
        public ConcurrentQueue<ExpiryCandidate> Candidates { get; } = new();

        /// <summary>Rows resolved (expired or stale) and not yet deleted from the index.</summary>
        public ConcurrentQueue<ExpiryIndexEntry> Resolved { get; } = new();

        public int Examined => _examined;
        public int Expired => _expired;
        public int Skipped => _skipped;
        public int Errors => _errors;

        /// <summary>The newest bucket before the earliest one this run left rows in (all older ones are drained).</summary>
        public string CheckpointBucket
        {
            get
            {
                lock (_gate)
                {
                    return _earliestKept is null
                        ? ExpiryBuckets.LastFullyDueKey(Now)
                        : ExpiryBuckets.KeyOf(ExpiryBuckets.StartOfKey(_earliestKept) - ExpiryBuckets.Size);
                }
            }
        }

        public void Read(string bucket)
        {
            Buckets.TryAdd(bucket, 0);
            Interlocked.Increment(ref _examined);
        }

        public void ExpiredOne() => Interlocked.Increment(ref _expired);

        public void WouldExpire(ExpiryCandidate candidate)
        {
            Candidates.Enqueue(candidate);
            Interlocked.Increment(ref _expired);
        }

        public void Skip(string? keptBucket = null)
        {
            Interlocked.Increment(ref _skipped);
            if (keptBucket is not null)
            {
                Keep(keptBucket);
            }
        }

        public void Error(string bucket)
        {
            Interlocked.Increment(ref _errors);
            Keep(bucket);
        }

        public void Keep(string bucket)
        {
            lock (_gate)
            {
                if (_earliestKept is null || string.CompareOrdinal(bucket, _earliestKept) < 0)
                {
                    _earliestKept = bucket;
                }
            }
        }
    }
}
