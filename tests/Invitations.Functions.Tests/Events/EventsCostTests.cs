using Azure.Data.Tables;
using Invitations.Invitations;
using Invitations.Storage;
using Invitations.TestSupport;
using Xunit.Abstractions;

namespace Invitations.Tests.Events;

/// <summary>What events add to a change, counted on the wire (requests, not milliseconds: Azurite serialises them).</summary>
[Collection(AzuriteTests.Name)]
public sealed class EventsCostTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task A_change_costs_one_extra_storage_request_and_the_relay_publishes_a_burst_in_batches()
    {
        await using var context = await RelayTestContext.StartAsync(azurite, batchSize: 50);
        var door = new DoorChanges();
        var warm = context.NewInvitation();
        await context.CommitAsync(door.Next(warm)); // the queue and the table exist from here on (created once per process)

        warm.Revoke(new Actor("admin-1"), context.Time.GetUtcNow());
        var change = door.Next(warm);
        context.Requests.Reset();
        var rows = await context.Participant.PrepareAsync(change, CancellationToken.None);
        var afterPrepare = context.Requests.Count;
        await context.Participant.BeforeCommitAsync(change, CancellationToken.None);
        var afterNudge = context.Requests.Count;
        var client = await context.Table.GetClientAsync(CancellationToken.None);
        await client.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.UpsertReplace, InvitationRows.ToEntity(warm, 3)), .. rows]);

        Assert.Equal((0, 1, 2), (afterPrepare, afterNudge, context.Requests.Count)); // the rows ride in the door's one transaction
        Assert.Single(rows);

        // A burst: 40 invitations created in one account, then the relay drains every nudge.
        for (var i = 0; i < 40; i++)
        {
            await context.CommitAsync(new DoorChanges().Next(context.NewInvitation($"u{i}@example.com")));
        }

        context.Pump.RelayRequests = 0;
        var runs = 0;
        while (await context.QueuedNudgesAsync() > 0)
        {
            await context.RunNextAsync();
            runs++;
        }

        var published = context.Topic.Events.Count;
        Assert.Equal(42, context.Topic.Events.Select(e => e.Id).Distinct().Count()); // the two warm-up changes and the burst
        output.WriteLine($"{published} changes in one account: {runs} relay runs (one per nudge), {context.Topic.Requests.Count} publish requests, " +
                         $"{context.Pump.RelayRequests} storage requests by the relay runs (lease, reads, deletes, re-nudges) = {(double)context.Pump.RelayRequests / published:0.00} per event");
    }
}
