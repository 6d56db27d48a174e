using Azure.Data.Tables;
using Invitations.Events;
using Invitations.Invitations;
using Invitations.Storage;
using Invitations.TestSupport;

namespace Invitations.Tests.Events;

/// <summary>
/// The outbox end to end without the door: changes committed the way the door commits them (participant rows in the
/// change's transaction, the nudge before it), the relay driven like its queue trigger, the real Event Grid client
/// publishing to the test topic.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class EventOutboxRelayTests(AzuriteFixture azurite)
{
    private static readonly Actor Admin = new("admin-1", "Ada Admin");

    /// <summary>Two invitations, several changes each: the published ids per change, in commit order.</summary>
    private static async Task<List<MappedEvent>> CommitLifecyclesAsync(RelayTestContext context)
    {
        var expected = new List<MappedEvent>();
        foreach (var email in new[] { "ana@example.com", "bo@example.com" })
        {
            var door = new DoorChanges();
            var invitation = context.NewInvitation(email);
            var now = context.Time.GetUtcNow();
            expected.AddRange(await context.CommitAsync(door.Next(invitation)));
            invitation.Resend(Admin, now.AddSeconds(1), EmailLimit.PerDay(6));
            expected.AddRange(await context.CommitAsync(door.Next(invitation)));
            invitation.RecordDelivery(new EmailDelivery(EmailDeliveryStatus.Delivered, now.AddSeconds(2), 1, 2));
            expected.AddRange(await context.CommitAsync(door.Next(invitation)));
            invitation.Reissue(Admin, now.AddSeconds(3), TimeSpan.FromDays(7), EmailLimit.PerDay(6));
            expected.AddRange(await context.CommitAsync(door.Next(invitation)));
            invitation.Revoke(Admin, now.AddSeconds(4));
            expected.AddRange(await context.CommitAsync(door.Next(invitation)));
        }

        return expected;
    }

    private static void AssertInOrderPerInvitation(IEnumerable<MappedEvent> expected, IEnumerable<(string Id, string? Subject)> received)
    {
        foreach (var group in expected.GroupBy(e => e.Subject))
        {
            var firstSeen = received.Where(r => r.Subject == group.Key).Select(r => r.Id).Distinct().ToList();
            Assert.Equal(group.Select(e => e.Id), firstSeen);
        }
    }

    [Fact]
    public async Task Every_committed_change_is_published_once_in_order_per_invitation_in_batches_and_leaves_the_outbox()
    {
        await using var context = await RelayTestContext.StartAsync(azurite, batchSize: 3);
        var expected = await CommitLifecyclesAsync(context);

        await context.Pump.DrainAsync();

        var received = context.Topic.Events;
        Assert.Equal(10, expected.Count); // one event per change
        Assert.Equal(expected.Select(e => e.Id).Order(), received.Select(e => e.Id).Order()); // each exactly once
        AssertInOrderPerInvitation(expected, received.Select(e => (e.Id, e.Subject)));
        Assert.All(context.Topic.Requests, r => Assert.InRange(r.EventCount, 1, 3));
        Assert.True(context.Topic.Requests.Count >= 4);
        Assert.Empty(await context.OutboxAndLeaseRowsAsync());
        var relayed = context.Telemetry.Events.Where(e => e.Name == EventsRelayEvents.Relayed).ToList();
        Assert.Equal(10, relayed.Sum(e => e.Metrics[EventsRelayEvents.PublishedMetric]));

        var accepted = received.First(e => e.Type == InvitationEventTypes.Revoked);
        Assert.Equal($"/accounts/{context.AccountId}", accepted.Source);
        Assert.Equal("revoked", accepted.Data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_crash_after_commit_and_before_publish_still_delivers_every_event()
    {
        await using var context = await RelayTestContext.StartAsync(azurite);
        var expected = await CommitLifecyclesAsync(context);

        // The host dies while the relay is in the middle: nothing after the crash point runs (no delete, no lease
        // release); the queue keeps the nudge invisible for its visibility timeout.
        using (var crash = new CancellationTokenSource())
        {
            context.Publisher.AfterPublish = _ =>
            {
                crash.Cancel();
                throw new OperationCanceledException(crash.Token);
            };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => context.RunNextAsync(TimeSpan.FromSeconds(1), crash.Token));
        }

        context.Publisher.AfterPublish = null;
        Assert.NotEmpty(await context.OutboxAndLeaseRowsAsync());

        // A restarted host: the lease of the dead run expires, the redelivered nudges drain the outbox.
        context.Time.Advance(EventOutboxStore.LeaseDuration + TimeSpan.FromSeconds(1));
        await context.Pump.DrainAsync();

        var ids = context.Topic.Events.Select(e => e.Id).ToList();
        Assert.Equal(expected.Select(e => e.Id).Order(), ids.Distinct().Order());
        AssertInOrderPerInvitation(expected, context.Topic.Events.Select(e => (e.Id, e.Subject)));
        Assert.Empty(await context.OutboxAndLeaseRowsAsync());
    }

    [Fact]
    public async Task A_refused_publish_is_retried_with_backoff_then_succeeds_and_operators_see_it()
    {
        await using var context = await RelayTestContext.StartAsync(azurite);
        var invitation = context.NewInvitation();
        var expected = await context.CommitAsync(new DoorChanges().Next(invitation));
        context.Topic.FailNext(3); // the client's own attempts (1 + 2 retries) all fail

        Assert.Equal(EventRelayOutcome.Failed, await context.RunNextAsync());

        Assert.Empty(context.Topic.Events);
        Assert.Equal(3, context.Topic.Requests.Count(r => r.ResponseStatus == 503));
        var failed = Assert.Single(context.Telemetry.Events, e => e.Name == EventsRelayEvents.PublishFailed);
        Assert.Equal(context.AccountId, failed.Properties["accountId"]);
        Assert.Contains("oldestPendingSeconds", failed.Properties.Keys);
        Assert.Contains(EventsRelayEvents.OldestPendingMetric, failed.Metrics.Keys);
        var log = Assert.Single(context.Logs.Collector.GetSnapshot(), r => r.Id.Name == EventsRelayEvents.PublishFailed);
        Assert.Contains(log.StructuredState!, p => p.Key == "oldestPendingSeconds");
        Assert.Single(await context.OutboxAndLeaseRowsAsync()); // the row waits, the lease is free

        Assert.Equal(EventRelayOutcome.Published, await context.RunNextAsync());

        Assert.Equal(expected.Select(e => e.Id), context.Topic.Events.Select(e => e.Id));
        Assert.Empty(await context.OutboxAndLeaseRowsAsync());
        Assert.Equal(0, await context.QueuedNudgesAsync());
    }

    [Fact]
    public async Task A_nudge_that_arrives_before_its_commit_waits_for_it_and_one_whose_change_never_commits_is_dropped()
    {
        await using var context = await RelayTestContext.StartAsync(azurite);
        var invitation = context.NewInvitation();
        var change = new DoorChanges().Next(invitation);
        await context.Participant.BeforeCommitAsync(change, CancellationToken.None);

        Assert.Equal(EventRelayOutcome.WaitingForCommit, await context.RunNextAsync());
        Assert.Equal(1, await context.QueuedNudgesAsync());

        // The commit lands.
        var client = await context.Table.GetClientAsync(CancellationToken.None);
        var rows = await context.Participant.PrepareAsync(change, CancellationToken.None);
        await client.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.Add, InvitationRows.ToEntity(invitation, 2)), .. rows]);

        Assert.Equal(EventRelayOutcome.Published, await context.RunNextAsync());
        Assert.Single(context.Topic.Events);

        // A change that never commits: its nudge finds nothing and, past the grace period, is dropped.
        var other = context.NewInvitation("bo@example.com");
        await context.Participant.BeforeCommitAsync(new DoorChanges().Next(other), CancellationToken.None);
        context.Time.Advance(EventOutboxRelay.CommitGracePeriod + TimeSpan.FromSeconds(1));
        Assert.Equal(EventRelayOutcome.NeverCommitted, await context.RunNextAsync());
        Assert.Equal(0, await context.QueuedNudgesAsync());
        Assert.Single(context.Topic.Events);
    }

    [Fact]
    public async Task An_event_exists_only_if_its_change_committed()
    {
        await using var context = await RelayTestContext.StartAsync(azurite);
        var invitation = context.NewInvitation();
        var door = new DoorChanges();
        await context.CommitAsync(door.Next(invitation));
        await context.Pump.DrainAsync();
        invitation.Revoke(Admin, context.Time.GetUtcNow());
        var revoke = door.Next(invitation);

        // The door nudges, then its ETag check fails (someone else wrote first): the whole transaction, outbox rows
        // included, is refused.
        await context.Participant.BeforeCommitAsync(revoke, CancellationToken.None);
        var client = await context.Table.GetClientAsync(CancellationToken.None);
        var rows = await context.Participant.PrepareAsync(revoke, CancellationToken.None);
        var stale = new TableTransactionAction(TableTransactionActionType.UpdateReplace, InvitationRows.ToEntity(invitation, 3), new Azure.ETag("W/\"datetime'2000-01-01T00%3A00%3A00.0000000Z'\""));
        await Assert.ThrowsAsync<TableTransactionFailedException>(() => client.SubmitTransactionAsync([stale, .. rows]));

        context.Time.Advance(EventOutboxRelay.CommitGracePeriod + TimeSpan.FromSeconds(1));
        Assert.Equal(EventRelayOutcome.NeverCommitted, await context.RunNextAsync());
        Assert.Equal([InvitationEventTypes.Created], context.Topic.Events.Select(e => e.Type));
        Assert.Empty(await context.OutboxAndLeaseRowsAsync());
    }

    [Fact]
    public async Task While_another_relay_holds_the_partition_the_nudge_comes_back()
    {
        await using var context = await RelayTestContext.StartAsync(azurite);
        await context.CommitAsync(new DoorChanges().Next(context.NewInvitation()));
        Assert.NotNull(await context.Store.TryAcquireLeaseAsync(context.AccountId, CancellationToken.None));

        Assert.Equal(EventRelayOutcome.Busy, await context.RunNextAsync());
        Assert.Equal(1, await context.QueuedNudgesAsync());
        Assert.Empty(context.Topic.Events);
    }

    [Fact]
    public async Task Poisoned_nudges_go_back_to_the_queue_and_unreadable_ones_stay()
    {
        await using var context = await RelayTestContext.StartAsync(azurite);
        await context.Queues.Poison.CreateIfNotExistsAsync();
        await context.Queues.Poison.SendMessageAsync(new EventNudge(context.AccountId, Guid.NewGuid(), 0, context.Time.GetUtcNow()).ToJson());
        await context.Queues.Poison.SendMessageAsync("not a nudge");
        var recovery = new EventNudgeRecovery(context.Queues, Microsoft.Extensions.Logging.Abstractions.NullLogger<EventNudgeRecovery>.Instance);

        Assert.Equal((1, 1), await recovery.RunAsync(CancellationToken.None));
        Assert.Equal(1, await context.QueuedNudgesAsync());
    }
}
