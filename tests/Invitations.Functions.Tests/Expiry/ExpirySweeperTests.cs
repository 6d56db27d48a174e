using Invitations.Expiry;
using Invitations.Invitations;
using Invitations.Tests.Invitations;
using Invitations.TestSupport;
using Microsoft.Extensions.Logging;

namespace Invitations.Tests.Expiry;

[Collection(AzuriteTests.Name)]
public sealed class ExpirySweeperTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = InvitationTestData.Start;
    private static readonly TimeSpan Lifetime = InvitationTestData.Lifetime;

    private static ExpiryRunRequest Scheduled => new(ExpiryRunTriggers.Schedule);

    /// <summary>Creates <paramref name="count"/> invitations, one every <paramref name="spacing"/> from Start, over several accounts in parallel.</summary>
    private static async Task<List<Invitation>> SeedAsync(ExpiryTestContext context, int count, TimeSpan spacing, int accounts = 10)
    {
        var ids = Enumerable.Range(0, accounts).Select(a => $"acct-{context.Prefix}-{a}").ToArray();
        var created = await Task.WhenAll(ids.Select(async (accountId, a) =>
        {
            var mine = new List<Invitation>();
            for (var i = a; i < count; i += accounts)
            {
                mine.Add(await context.CreateAsync(accountId, i, Start + (spacing * i)));
            }

            return mine;
        }));
        return [.. created.SelectMany(x => x).OrderBy(i => i.SentAt)];
    }

    [Fact]
    public async Task One_run_expires_exactly_the_due_invitations_of_a_thousand()
    {
        using var context = new ExpiryTestContext(azurite);
        // One invitation a minute for 1000 minutes, so windows end across ~17 hours of buckets.
        var all = await SeedAsync(context, 1000, TimeSpan.FromMinutes(1), accounts: 20);
        var accepted = all[10];
        var revoked = all[20];
        await context.ChangeAsync(accepted, (i, _) => i.Accept(InvitationTestData.Invitee, ExpiryTestContext.Email(accepted.AccountId, 10), 1, Start.AddDays(1)));
        await context.ChangeAsync(revoked, (i, _) => i.Revoke(InvitationTestData.Admin, Start.AddDays(1)));

        // Between two windows' ends (half a minute in), so exactly 600 are due: sent at minutes 0..599.
        var now = Start + Lifetime + TimeSpan.FromMinutes(599.5);
        context.Time.SetUtcNow(now);
        var report = await context.Sweeper().RunAsync(Scheduled, default);

        var due = all.Where(i => i.ExpiresAt <= now).ToList();
        Assert.Equal(600, due.Count);
        Assert.Equal(ExpiryRunOutcomes.Succeeded, report.Run.Outcome);
        Assert.Equal(598, report.Run.Expired);
        Assert.Equal(600, report.Run.Examined);
        Assert.Equal(2, report.Run.Skipped);
        Assert.Equal(0, report.Run.Errors);
        Assert.False(report.Run.BacklogRemaining);
        Assert.Equal(600, report.Run.BucketsRead);
        Assert.Equal(ExpiryBuckets.LastFullyDueKey(now), report.Run.CheckpointBucket);

        var statuses = await Task.WhenAll(all.Select(async i => (i, (await context.ReadAsync(i)).Value.StoredStatus)));
        foreach (var (invitation, status) in statuses)
        {
            var expected = invitation == accepted ? InvitationStatus.Accepted
                : invitation == revoked ? InvitationStatus.Revoked
                : invitation.ExpiresAt <= now ? InvitationStatus.Expired
                : InvitationStatus.Pending;
            Assert.Equal(expected, status);
        }

        Assert.Equal(1, await context.CountEventsAsync(due[0], InvitationEventKind.Expired));
        Assert.Equal(0, await context.CountEventsAsync(all[^1], InvitationEventKind.Expired));
        // Resolved rows are gone; the 400 future ones stay.
        Assert.Equal(400, (await context.IndexRowsAsync()).Count);
        Assert.NotNull(await context.Runs.GetAsync(report.Run.Id, default));

        var again = await context.Sweeper().RunAsync(Scheduled, default);
        Assert.Equal((0, 0), (again.Run.Expired, again.Run.Examined));
    }

    [Fact]
    public async Task Rows_of_the_current_bucket_are_left_until_their_own_time()
    {
        using var context = new ExpiryTestContext(azurite);
        var early = await context.CreateAsync("acct-cur-" + context.Prefix, 1, Start.AddSeconds(10));
        var late = await context.CreateAsync("acct-cur-" + context.Prefix, 2, Start.AddSeconds(50));

        context.Time.SetUtcNow(Start + Lifetime + TimeSpan.FromSeconds(30));
        var first = await context.Sweeper().RunAsync(Scheduled, default);
        context.Time.SetUtcNow(Start + Lifetime + TimeSpan.FromSeconds(50));
        var second = await context.Sweeper().RunAsync(Scheduled, default);

        Assert.Equal((1, 1), (first.Run.Expired, first.Run.Examined));
        Assert.Equal((1, 1), (second.Run.Expired, second.Run.Examined));
        Assert.Equal(InvitationStatus.Expired, (await context.ReadAsync(early)).Value.StoredStatus);
        Assert.Equal(InvitationStatus.Expired, (await context.ReadAsync(late)).Value.StoredStatus);
    }

    [Fact]
    public async Task Accept_revoke_and_reissue_during_a_run_are_never_overwritten_by_expiry()
    {
        using var context = new ExpiryTestContext(azurite);
        var account = "acct-race-" + context.Prefix;
        var toAccept = await context.CreateAsync(account, 1, Start);
        var toRevoke = await context.CreateAsync(account, 2, Start);
        var toReissue = await context.CreateAsync(account, 3, Start);
        var untouched = await context.CreateAsync(account, 4, Start);
        var now = Start + Lifetime + TimeSpan.FromMinutes(5);
        context.Time.SetUtcNow(now);

        // Between the sweep's read and its write, someone else changes the invitation (as the API would).
        var interfering = new InterferingParticipant
        {
            OnFirstTouch = async read =>
            {
                if (read.Id == toAccept.Id)
                {
                    // Accepting needs an active link: the user clicked just before the window ended.
                    await context.ChangeAsync(read, (i, _) => i.Accept(InvitationTestData.Invitee, ExpiryTestContext.Email(account, 1), 1, i.ExpiresAt.AddSeconds(-1)));
                }
                else if (read.Id == toRevoke.Id)
                {
                    await context.ChangeAsync(read, (i, _) => i.Revoke(InvitationTestData.Admin, now));
                }
                else if (read.Id == toReissue.Id)
                {
                    await context.ChangeAsync(read, (i, _) => i.Reissue(InvitationTestData.Admin, now, Lifetime));
                }
            },
        };

        var report = await context.Sweeper(interfering).RunAsync(Scheduled, default);

        Assert.Equal(1, report.Run.Expired);
        Assert.Equal(3, report.Run.Skipped);
        Assert.Equal(0, report.Run.Errors);
        Assert.Equal(InvitationStatus.Accepted, (await context.ReadAsync(toAccept)).Value.StoredStatus);
        Assert.Equal(InvitationStatus.Revoked, (await context.ReadAsync(toRevoke)).Value.StoredStatus);
        var reissued = (await context.ReadAsync(toReissue)).Value;
        Assert.Equal((InvitationStatus.Pending, 2, now + Lifetime), (reissued.StoredStatus, reissued.LinkVersion, reissued.ExpiresAt));
        Assert.Equal(InvitationStatus.Expired, (await context.ReadAsync(untouched)).Value.StoredStatus);
        foreach (var invitation in new[] { toAccept, toRevoke, toReissue })
        {
            Assert.Equal(0, await context.CountEventsAsync(invitation, InvitationEventKind.Expired));
        }

        // The reissued invitation's new window has its row; the old windows' rows are gone.
        var rows = await context.IndexRowsAsync();
        var row = Assert.Single(rows);
        Assert.Equal(ExpiryBuckets.KeyOf(now + Lifetime), row.PartitionKey);

        // And when the new window ends, the sweep expires it.
        context.Time.SetUtcNow(now + Lifetime);
        var later = await context.Sweeper().RunAsync(Scheduled, default);
        Assert.Equal(1, later.Run.Expired);
        Assert.Equal(InvitationStatus.Expired, (await context.ReadAsync(toReissue)).Value.StoredStatus);
    }

    [Fact]
    public async Task A_run_that_throws_midway_and_a_normal_run_after_it_expire_each_invitation_once()
    {
        using var context = new ExpiryTestContext(azurite);
        var all = await SeedAsync(context, 200, TimeSpan.FromSeconds(20));
        var now = Start + Lifetime + TimeSpan.FromHours(2);
        context.Time.SetUtcNow(now);
        var failing = new InterferingParticipant { FailOnUpdate = 51 };

        var crashed = await Assert.ThrowsAsync<InvalidOperationException>(() => context.Sweeper(failing).RunAsync(Scheduled, default));
        var failedRecord = Assert.Single((await context.Runs.ListAsync(10, null, default)).Runs);
        var normal = await context.Sweeper().RunAsync(Scheduled, default);

        Assert.Contains("Injected", crashed.Message, StringComparison.Ordinal);
        Assert.Equal(ExpiryRunOutcomes.Failed, failedRecord.Outcome);
        Assert.InRange(failedRecord.Expired, 50, 50 + context.Options_.Parallelism);
        Assert.Equal(ExpiryRunOutcomes.Succeeded, normal.Run.Outcome);
        Assert.Equal(200, failedRecord.Expired + normal.Run.Expired);
        Assert.Empty(await context.IndexRowsAsync());
        foreach (var invitation in all)
        {
            Assert.Equal(1, await context.CountEventsAsync(invitation, InvitationEventKind.Expired));
        }
    }

    [Fact]
    public async Task An_overlapping_run_is_locked_out_and_the_holder_does_all_the_work()
    {
        using var context = new ExpiryTestContext(azurite);
        await SeedAsync(context, 40, TimeSpan.FromSeconds(30));
        context.Time.SetUtcNow(Start + Lifetime + TimeSpan.FromHours(1));
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocking = new InterferingParticipant
        {
            OnFirstTouch = async _ =>
            {
                inside.TrySetResult();
                await release.Task;
            },
        };

        var first = context.Sweeper(blocking, new ExpiryOptions { Parallelism = 1 }).RunAsync(Scheduled, default);
        await inside.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = await context.Sweeper().RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Manual), default);
        release.SetResult();
        var holder = await first;

        Assert.Equal(ExpiryRunOutcomes.LockedOut, second.Run.Outcome);
        Assert.Equal((0, 0), (second.Run.Examined, second.Run.Expired));
        Assert.Contains(holder.Run.Id, second.Run.Detail, StringComparison.Ordinal);
        Assert.Equal(40, holder.Run.Expired);
        Assert.Equal(ExpiryRunOutcomes.Succeeded, holder.Run.Outcome);
        var records = (await context.Runs.ListAsync(10, null, default)).Runs;
        Assert.Equal(2, records.Count);
        Assert.Contains(records, r => r.Outcome == ExpiryRunOutcomes.LockedOut);
    }

    [Fact]
    public async Task Runs_started_together_expire_each_invitation_exactly_once()
    {
        using var context = new ExpiryTestContext(azurite);
        var all = await SeedAsync(context, 100, TimeSpan.FromSeconds(30));
        context.Time.SetUtcNow(Start + Lifetime + TimeSpan.FromHours(1));

        var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => context.Sweeper().RunAsync(Scheduled, default))));

        Assert.Equal(100, reports.Sum(r => r.Run.Expired));
        Assert.Contains(reports, r => r.Run.Outcome == ExpiryRunOutcomes.LockedOut);
        foreach (var invitation in all.Take(20))
        {
            Assert.Equal(1, await context.CountEventsAsync(invitation, InvitationEventKind.Expired));
        }
    }

    [Fact]
    public async Task A_run_takes_over_the_lock_of_a_dead_run_and_records_that_run_as_failed()
    {
        using var context = new ExpiryTestContext(azurite);
        var deadStart = Start.AddMinutes(-10);
        var deadId = ExpiryRunStore.NewRunId(deadStart);
        await context.Runs.SaveAsync(new ExpiryRunRecord { Id = deadId, Trigger = "schedule", StartedAt = deadStart, Outcome = ExpiryRunOutcomes.Running }, default);
        Assert.True((await context.Runs.TryAcquireLockAsync(deadId, deadStart, deadStart.AddMinutes(3), default)).Acquired);

        var report = await context.Sweeper().RunAsync(Scheduled, default);

        Assert.Equal(ExpiryRunOutcomes.Succeeded, report.Run.Outcome);
        var dead = await context.Runs.GetAsync(deadId, default);
        Assert.Equal(ExpiryRunOutcomes.Failed, dead!.Outcome);
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_expire_and_writes_nothing()
    {
        using var context = new ExpiryTestContext(azurite);
        await SeedAsync(context, 60, TimeSpan.FromMinutes(1));
        var revoked = await context.CreateAsync("acct-dry-" + context.Prefix, 99, Start);
        await context.ChangeAsync(revoked, (i, _) => i.Revoke(InvitationTestData.Admin, Start.AddHours(1)));
        context.Time.SetUtcNow(Start + Lifetime + TimeSpan.FromMinutes(29.5));
        var before = await context.SnapshotAsync();

        var report = await context.Sweeper().RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Manual, DryRun: true), default);

        Assert.Equal(before, await context.SnapshotAsync());
        Assert.True(report.Run.DryRun);
        Assert.Equal(30, report.Run.Expired);
        Assert.Equal(1, report.Run.Skipped);
        Assert.Equal(30, report.WouldExpire.Count);
        Assert.All(report.WouldExpire, c => Assert.True(c.ExpiresAt <= context.Time.GetUtcNow()));
        Assert.Contains(context.Logger.Collector.GetSnapshot(), r => r.Id.Name == "ExpiryDryRunCompleted");
        Assert.DoesNotContain(context.Logger.Collector.GetSnapshot(), r => r.Id.Name == "ExpiryRunCompleted");
    }

    [Fact]
    public async Task A_backlog_after_days_of_downtime_drains_over_several_bounded_runs()
    {
        using var context = new ExpiryTestContext(azurite, new ExpiryOptions { MaxItemsPerRun = 30, MaxRunDuration = TimeSpan.FromMinutes(2) });
        await SeedAsync(context, 100, TimeSpan.FromHours(1));
        context.Time.SetUtcNow(Start + Lifetime + TimeSpan.FromDays(5));

        var runs = new List<ExpiryRunRecord>();
        for (var i = 0; i < 4; i++)
        {
            runs.Add((await context.Sweeper().RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Schedule, IsPastDue: i == 0), default)).Run);
        }

        Assert.Equal([30, 30, 30, 10], runs.Select(r => r.Expired));
        Assert.Equal([true, true, true, false], runs.Select(r => r.BacklogRemaining));
        Assert.Equal([ExpiryRunOutcomes.Partial, ExpiryRunOutcomes.Partial, ExpiryRunOutcomes.Partial, ExpiryRunOutcomes.Succeeded], runs.Select(r => r.Outcome));
        Assert.True(runs[0].IsPastDue);
        // Oldest first: the first run drained the oldest windows, so its checkpoint is before the second's.
        Assert.True(string.CompareOrdinal(runs[0].CheckpointBucket, runs[1].CheckpointBucket) < 0);
        Assert.Empty(await context.IndexRowsAsync());
    }

    [Fact]
    public async Task A_run_stops_taking_items_when_its_time_is_spent()
    {
        using var context = new ExpiryTestContext(azurite, new ExpiryOptions { MaxItemsPerRun = 1000, MaxRunDuration = TimeSpan.FromSeconds(10), Parallelism = 1 });
        await SeedAsync(context, 30, TimeSpan.FromMinutes(1));
        context.Time.SetUtcNow(Start + Lifetime + TimeSpan.FromHours(1));
        // Each invitation read "takes" one second of the fake clock.
        var slow = new InterferingParticipant
        {
            OnFirstTouch = _ =>
            {
                context.Time.Advance(TimeSpan.FromSeconds(1));
                return Task.CompletedTask;
            },
        };

        var report = await context.Sweeper(slow).RunAsync(Scheduled, default);

        Assert.Equal(10, report.Run.Examined);
        Assert.True(report.Run.BacklogRemaining);
        Assert.Equal(ExpiryRunOutcomes.Partial, report.Run.Outcome);
    }

    [Fact]
    public async Task Stale_rows_are_skipped_and_removed()
    {
        using var context = new ExpiryTestContext(azurite);
        var account = "acct-stale-" + context.Prefix;
        // A row whose invitation was never written (the create failed after the index write), long ago.
        await context.Index.RecordAsync(account, Guid.NewGuid(), Start.AddMinutes(1), default);
        var real = await context.CreateAsync(account, 1, Start);
        context.Time.SetUtcNow(Start + Lifetime + TimeSpan.FromDays(1));

        var report = await context.Sweeper().RunAsync(Scheduled, default);

        Assert.Equal((1, 1, 2), (report.Run.Expired, report.Run.Skipped, report.Run.Examined));
        Assert.Equal(InvitationStatus.Expired, (await context.ReadAsync(real)).Value.StoredStatus);
        Assert.Empty(await context.IndexRowsAsync());
    }

    [Fact]
    public async Task A_row_written_late_into_a_bucket_already_swept_is_expired_by_the_next_run()
    {
        using var context = new ExpiryTestContext(azurite);
        var account = "acct-heal-" + context.Prefix;
        // An invitation that reached storage without its index row (written by a write path without the index participant, or restored).
        var invitation = Invitation.Create(
            new NewInvitation(account, Guid.NewGuid(), EmailAddress.Parse("late@example.com"), null, "member", null, null),
            InvitationTestData.Admin, Start, Lifetime);
        var bypass = new global::Invitations.Storage.InvitationWriter(
            context.InvitationTable, context.Store, [], global::Invitations.Storage.InvitationWriteRetry.Default, context.Time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<global::Invitations.Storage.InvitationWriter>.Instance);
        await bypass.CreateAsync(invitation, null, default);
        context.Time.SetUtcNow(Start + Lifetime + TimeSpan.FromHours(1));
        var first = await context.Sweeper().RunAsync(Scheduled, default);
        Assert.True(string.CompareOrdinal(first.Run.CheckpointBucket, ExpiryBuckets.KeyOf(invitation.ExpiresAt)) > 0);

        // The repair: record its window (idempotent). Its bucket is behind the checkpoint; the sweep still finds it.
        await context.Index.RecordAsync(account, invitation.Id, invitation.ExpiresAt, default);
        context.Time.Advance(TimeSpan.FromMinutes(5));
        var next = await context.Sweeper().RunAsync(Scheduled, default);

        Assert.Equal(0, first.Run.Expired);
        Assert.Equal(1, next.Run.Expired);
        Assert.Equal(InvitationStatus.Expired, (await context.ReadAsync(invitation)).Value.StoredStatus);
    }

    [Fact]
    public async Task When_the_index_write_fails_the_invitation_is_not_written()
    {
        using var context = new ExpiryTestContext(azurite);
        var writer = context.WriterWith(new FailingIndex());
        var invitation = Invitation.Create(
            new NewInvitation("acct-fail-" + context.Prefix, Guid.NewGuid(), EmailAddress.Parse("x@example.com"), null, "member", null, null),
            InvitationTestData.Admin, Start, Lifetime);

        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => writer.CreateAsync(invitation, null, default));

        Assert.Null(await context.Store.GetAsync(invitation.AccountId, invitation.Id, default));
    }

    [Fact]
    public async Task Each_run_writes_one_structured_line_and_metrics_named_for_the_alerts()
    {
        using var context = new ExpiryTestContext(azurite);
        await SeedAsync(context, 5, TimeSpan.FromMinutes(1), accounts: 1);
        context.Time.SetUtcNow(Start + Lifetime + TimeSpan.FromHours(1));
        using var expired = context.Collect("expiry.run.expired");
        var errors = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(context.MeterFactory, ExpiryMetrics.MeterName, "expiry.run.errors");
        var duration = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<double>(context.MeterFactory, ExpiryMetrics.MeterName, "expiry.run.duration");

        var report = await context.Sweeper().RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Schedule, IsPastDue: true), default);

        var line = Assert.Single(context.Logger.Collector.GetSnapshot(), r => r.Id.Name == "ExpiryRunCompleted");
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.StartsWith("ExpiryRunCompleted:", line.Message, StringComparison.Ordinal);
        var properties = line.StructuredState!.ToDictionary(p => p.Key, p => p.Value);
        foreach (var name in new[] { "runId", "trigger", "isPastDue", "expired", "examined", "skipped", "errors", "durationMs", "backlogRemaining", "outcome" })
        {
            Assert.True(properties.ContainsKey(name), $"missing {name}");
        }

        Assert.Equal(report.Run.Id, properties["runId"]);
        Assert.Equal("5", properties["expired"]);
        Assert.Equal("True", properties["isPastDue"]);
        Assert.Equal("succeeded", properties["outcome"]);
        Assert.Equal(5, expired.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(0, errors.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Single(duration.GetMeasurementSnapshot());
        errors.Dispose();
        duration.Dispose();
    }

    [Fact]
    public async Task Old_run_records_are_deleted_after_the_retention_period()
    {
        using var context = new ExpiryTestContext(azurite);
        var old = ExpiryRunStore.NewRunId(Start.AddDays(-31));
        var recent = ExpiryRunStore.NewRunId(Start.AddDays(-29));
        await context.Runs.SaveAsync(new ExpiryRunRecord { Id = old, Trigger = "schedule", StartedAt = Start.AddDays(-31), Outcome = "succeeded" }, default);
        await context.Runs.SaveAsync(new ExpiryRunRecord { Id = recent, Trigger = "schedule", StartedAt = Start.AddDays(-29), Outcome = "succeeded" }, default);

        var report = await context.Sweeper().RunAsync(Scheduled, default);

        Assert.Null(await context.Runs.GetAsync(old, default));
        Assert.NotNull(await context.Runs.GetAsync(recent, default));
        Assert.NotNull(await context.Runs.GetAsync(report.Run.Id, default));
    }

    [Fact]
    public async Task A_batched_delete_never_removes_a_row_rewritten_since_it_was_read()
    {
        using var context = new ExpiryTestContext(azurite);
        var expiresAt = Start.AddMinutes(3);
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var id in ids)
        {
            await context.Index.RecordAsync("acct-batch", id, expiresAt, default);
        }

        var read = (await context.IndexRowsAsync()).Select(e => ExpiryIndex.Parse(e)!).ToList();
        // A reissue in the same minute rewrites one row after the sweep read it.
        await context.Index.RecordAsync("acct-batch", ids[1], expiresAt.AddSeconds(20), default);

        Assert.False(await context.Index.TryDeleteBatchAsync(read, default));
        Assert.Equal(3, (await context.IndexRowsAsync()).Count);
        foreach (var entry in read)
        {
            await context.Index.DeleteAsync(entry, default);
        }

        var left = Assert.Single(await context.IndexRowsAsync());
        Assert.Equal(ExpiryIndex.RowKeyOf("acct-batch", ids[1]), left.RowKey);
        Assert.Equal(expiresAt.AddSeconds(20), ExpiryIndex.Parse(left)!.ExpiresAt);
    }

    /// <summary>An index that is down: the participant's side effect before the commit fails.</summary>
    private sealed class FailingIndex : global::Invitations.Storage.IInvitationWriteParticipant
    {
        public Task BeforeCommitAsync(global::Invitations.Storage.InvitationChange change, CancellationToken ct) =>
            throw new Azure.RequestFailedException(503, "Index unavailable (injected).");
    }
}
