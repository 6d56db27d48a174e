using System.Text.Json;
using Azure.Data.Tables;
using Invitations.Expiry;
using Invitations.Invitations;
using Invitations.Storage;
using Invitations.Tests.Invitations;
using Invitations.TestSupport;

namespace Invitations.Tests.Expiry;

/// <summary>
/// The sweep's write without a read: an index row stamped with the invitation's ETag after its create or reissue lets
/// the sweep expire an unchanged invitation with one entity read (the row); anything that changed it since falls back
/// to read-and-decide.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class ExpiryUnreadTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = InvitationTestData.Start;
    private static readonly TimeSpan Lifetime = InvitationTestData.Lifetime;
    private static readonly ExpiryRunRequest Scheduled = new(ExpiryRunTriggers.Schedule);

    private static InterferingInvitations Counting(ExpiryTestContext context) =>
        new(new RepositoryExpiryInvitations(context.Repository, context.InvitationTable));

    [Fact]
    public async Task Create_and_reissue_stamp_the_index_row_with_the_written_etag()
    {
        using var context = new ExpiryTestContext(azurite);
        var invitation = await context.CreateAsync("acct-stamp-" + context.Prefix, 1, Start);
        var created = await context.ReadAsync(invitation);

        var row = ExpiryIndex.Parse(Assert.Single(await context.IndexRowsAsync()))!;
        Assert.Equal(new IndexedWrite(created.ETag, 1, created.Revision), row.Written);

        context.Time.SetUtcNow(Start.AddDays(1));
        created.Value.Reissue(InvitationTestData.Admin, context.Time.GetUtcNow(), Lifetime, InvitationTestData.DailyEmails);
        var reissued = await context.Repository.UpdateAsync(created, default);

        var rows = (await context.IndexRowsAsync()).Select(e => ExpiryIndex.Parse(e)!).ToList();
        var current = Assert.Single(rows, r => r.ExpiresAt == reissued.Value.ExpiresAt);
        Assert.Equal(new IndexedWrite(reissued.ETag, 2, reissued.Revision), current.Written);
    }

    [Fact]
    public async Task An_untouched_invitation_is_expired_without_reading_it()
    {
        using var context = new ExpiryTestContext(azurite);
        var invitations = new List<Invitation>();
        for (var i = 0; i < 5; i++)
        {
            invitations.Add(await context.CreateAsync("acct-unread-" + context.Prefix, i, Start.AddMinutes(i)));
        }

        context.Time.SetUtcNow(Start + Lifetime + TimeSpan.FromHours(1));
        var counting = Counting(context);

        var report = await context.Sweeper(counting).RunAsync(Scheduled, default);

        Assert.Equal((5, 5, 0), (report.Run.Expired, report.Run.Examined, report.Run.Skipped));
        Assert.Equal(0, counting.Reads);
        Assert.Equal(5, counting.UnreadExpired);
        foreach (var invitation in invitations)
        {
            var stored = (await context.ReadAsync(invitation)).Value;
            Assert.Equal((InvitationStatus.Expired, invitation.ExpiresAt, Actor.System), (stored.StoredStatus, stored.ClosedAt, stored.ClosedBy));
            Assert.Equal(1, await context.CountEventsAsync(invitation, InvitationEventKind.Expired));
        }

        Assert.Empty(await context.IndexRowsAsync());
    }

    [Fact]
    public async Task A_resend_restamps_the_row_so_the_sweep_still_expires_without_a_read()
    {
        using var context = new ExpiryTestContext(azurite);
        var invitation = await context.CreateAsync("acct-restamp-" + context.Prefix, 1, Start);
        var stored = await context.ReadAsync(invitation);
        stored.Value.Resend(InvitationTestData.Admin, Start.AddDays(2), InvitationTestData.DailyEmails);
        var resent = await context.Repository.UpdateAsync(stored, default);
        Assert.Equal(resent.ETag, ExpiryIndex.Parse(Assert.Single(await context.IndexRowsAsync()))!.Written!.InvitationETag);
        context.Time.SetUtcNow(Start + Lifetime + TimeSpan.FromMinutes(10));
        var counting = Counting(context);

        var report = await context.Sweeper(counting).RunAsync(Scheduled, default);

        Assert.Equal((1, 0, 1), (report.Run.Expired, counting.Reads, counting.UnreadExpired));
        var history = await context.Repository.GetHistoryAsync(invitation.AccountId, invitation.Id, default);
        Assert.Single(history, e => e.Kind == InvitationEventKind.Expired);
        Assert.Single(history, e => e.Kind == InvitationEventKind.Resent);
    }

    [Fact]
    public async Task An_invitation_resent_after_it_was_indexed_takes_the_read_path_and_is_expired_once()
    {
        using var context = new ExpiryTestContext(azurite);
        var invitation = await context.CreateAsync("acct-resent-" + context.Prefix, 1, Start);
        var stored = await context.ReadAsync(invitation);
        stored.Value.Resend(InvitationTestData.Admin, Start.AddDays(2), InvitationTestData.DailyEmails);
        // Its re-stamp did not land (a repository whose index write is lost), so the row's stamp is out of date.
        var unstamped = new InvitationRepository(context.InvitationTable, new LostStamps(context.Index), context.Time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<InvitationRepository>.Instance);
        await unstamped.UpdateAsync(stored, default);
        context.Time.SetUtcNow(Start + Lifetime + TimeSpan.FromMinutes(10));
        var counting = Counting(context);

        var report = await context.Sweeper(counting).RunAsync(Scheduled, default);

        Assert.Equal((1, 0), (report.Run.Expired, report.Run.Errors));
        Assert.Equal((1, 0, 1), (counting.UnreadAttempts, counting.UnreadExpired, counting.Reads));
        var expired = (await context.ReadAsync(invitation)).Value;
        Assert.Equal((InvitationStatus.Expired, 2), (expired.StoredStatus, expired.SendNumber));
        var history = await context.Repository.GetHistoryAsync(invitation.AccountId, invitation.Id, default);
        Assert.Single(history, e => e.Kind == InvitationEventKind.Expired);
        Assert.Single(history, e => e.Kind == InvitationEventKind.Resent);
        Assert.Empty(await context.IndexRowsAsync());
    }

    [Fact]
    public async Task An_invitation_accepted_after_it_was_indexed_is_never_expired()
    {
        using var context = new ExpiryTestContext(azurite);
        var account = "acct-accepted-" + context.Prefix;
        var invitation = await context.CreateAsync(account, 1, Start);
        var stored = await context.ReadAsync(invitation);
        stored.Value.Accept(InvitationTestData.Invitee, ExpiryTestContext.Email(account, 1), 1, Start.AddDays(3));
        await context.Repository.UpdateAsync(stored, default);
        context.Time.SetUtcNow(Start + Lifetime + TimeSpan.FromMinutes(10));
        var counting = Counting(context);

        var report = await context.Sweeper(counting).RunAsync(Scheduled, default);

        Assert.Equal((0, 1), (report.Run.Expired, report.Run.Skipped));
        Assert.Equal((1, 0), (counting.UnreadAttempts, counting.UnreadExpired));
        Assert.Equal(InvitationStatus.Accepted, (await context.ReadAsync(invitation)).Value.StoredStatus);
        Assert.Equal(0, await context.CountEventsAsync(invitation, InvitationEventKind.Expired));
        Assert.Empty(await context.IndexRowsAsync());
    }

    [Fact]
    public async Task An_accept_landing_between_the_stamp_and_the_unread_write_wins()
    {
        using var context = new ExpiryTestContext(azurite);
        var account = "acct-race-unread-" + context.Prefix;
        var invitation = await context.CreateAsync(account, 1, Start);
        context.Time.SetUtcNow(Start + Lifetime + TimeSpan.FromMinutes(10));
        var racing = new InterferingInvitations(new RepositoryExpiryInvitations(context.Repository, context.InvitationTable))
        {
            OnFirstTouch = async seen =>
            {
                var fresh = await context.ReadAsync(seen.Value);
                fresh.Value.Accept(InvitationTestData.Invitee, ExpiryTestContext.Email(account, 1), 1, fresh.Value.ExpiresAt.AddSeconds(-1));
                await context.Repository.UpdateAsync(fresh, default);
            },
        };

        var report = await context.Sweeper(racing).RunAsync(Scheduled, default);

        Assert.Equal((0, 1, 0), (report.Run.Expired, report.Run.Skipped, racing.UnreadExpired));
        Assert.Equal(InvitationStatus.Accepted, (await context.ReadAsync(invitation)).Value.StoredStatus);
        Assert.Equal(0, await context.CountEventsAsync(invitation, InvitationEventKind.Expired));
    }

    [Fact]
    public async Task The_unread_expiry_writes_the_same_rows_as_the_read_path()
    {
        using var context = new ExpiryTestContext(azurite);
        var invitation = await context.CreateAsync("acct-same-" + context.Prefix, 1, Start);
        var client = await context.InvitationTable.GetClientAsync(default);
        var pending = (await client.GetEntityAsync<TableEntity>(invitation.AccountId, InvitationRows.InvitationKey(invitation.Id))).Value;
        var now = Start + Lifetime + TimeSpan.FromMinutes(3);
        var entry = ExpiryIndex.Parse(Assert.Single(await context.IndexRowsAsync()))!;

        // The unread path, from the index row alone.
        Assert.True(await new RepositoryExpiryInvitations(context.Repository, context.InvitationTable).TryExpireUnreadAsync(entry, now, default));
        var unread = await RowsAsync(client, invitation);

        // Put the pending row back, drop the history row, and take the read path at the same instant.
        await client.UpsertEntityAsync(pending, TableUpdateMode.Replace);
        foreach (var history in unread.History.Where(h => h.GetString("Event") == "expired"))
        {
            await client.DeleteEntityAsync(history.PartitionKey, history.RowKey);
        }

        var stored = await context.ReadAsync(invitation);
        Assert.True(stored.Value.MarkExpired(now));
        await context.Repository.UpdateAsync(stored, default);
        var read = await RowsAsync(client, invitation);

        Assert.Equal(Properties(read.Invitation), Properties(unread.Invitation));
        Assert.Equal(read.History.Select(Properties), unread.History.Select(Properties));
        Assert.Equal(Json(InvitationRows.FromEntity(read.Invitation).ToState()), Json(InvitationRows.FromEntity(unread.Invitation).ToState()));
        Assert.Equal(InvitationStatus.Expired, InvitationRows.FromEntity(unread.Invitation).StoredStatus);
    }

    [Fact]
    public void The_unread_merge_over_a_pending_row_equals_the_row_the_read_path_writes()
    {
        var invitation = InvitationTestData.NewInvitation();
        invitation.ClearNewEvents();
        const long eventCount = 7;
        var now = invitation.ExpiresAt.AddMinutes(4);
        var merged = InvitationRows.ToEntity(invitation, eventCount);

        var (merge, history) = InvitationRows.ExpiredUnread(invitation.AccountId, invitation.Id, invitation.ExpiresAt, invitation.LinkVersion, eventCount, now);
        foreach (var (key, value) in merge)
        {
            merged[key] = value;
        }

        Assert.True(invitation.MarkExpired(now));
        var expected = InvitationRows.ToEntity(invitation, eventCount + 1);
        var expectedHistory = InvitationRows.ToHistoryEntity(invitation.AccountId, invitation.Id, Assert.Single(invitation.NewEvents), eventCount);
        Assert.Equal(Properties(expected), Properties(merged));
        Assert.Equal(Properties(expectedHistory), Properties(history));
        Assert.Equal((expected.PartitionKey, expected.RowKey), (merge.PartitionKey, merge.RowKey));
    }

    [Fact]
    public async Task A_row_overwritten_by_a_failed_write_is_healed_to_the_invitations_window()
    {
        using var context = new ExpiryTestContext(azurite);
        var account = "acct-heal2-" + context.Prefix;
        var invitation = await context.CreateAsync(account, 1, Start);
        // A reissue whose invitation write then failed overwrote the row (same minute bucket) with its window.
        await context.Index.RecordAsync(account, invitation.Id, invitation.ExpiresAt.AddSeconds(20), default);
        context.Time.SetUtcNow(Start + Lifetime + TimeSpan.FromDays(1));

        var first = await context.Sweeper().RunAsync(Scheduled, default);
        var second = await context.Sweeper().RunAsync(Scheduled, default);

        Assert.Equal((0, 1), (first.Run.Expired, first.Run.Skipped));
        Assert.Equal(1, second.Run.Expired);
        Assert.Equal(InvitationStatus.Expired, (await context.ReadAsync(invitation)).Value.StoredStatus);
        Assert.Equal(1, await context.CountEventsAsync(invitation, InvitationEventKind.Expired));
        Assert.Empty(await context.IndexRowsAsync());
    }

    /// <summary>The real index, except that stamps after a write are lost.</summary>
    private sealed class LostStamps(IExpiryIndex inner) : IExpiryIndex
    {
        public Task RecordAsync(string accountId, Guid invitationId, DateTimeOffset expiresAt, CancellationToken ct) =>
            inner.RecordAsync(accountId, invitationId, expiresAt, ct);

        public Task RecordWrittenAsync(Stored<Invitation> written, CancellationToken ct) => Task.CompletedTask;
    }

    private static async Task<(TableEntity Invitation, List<TableEntity> History)> RowsAsync(TableClient client, Invitation invitation)
    {
        var row = (await client.GetEntityAsync<TableEntity>(invitation.AccountId, InvitationRows.InvitationKey(invitation.Id))).Value;
        var prefix = InvitationRows.HistoryKeyPrefix(invitation.Id);
        var history = new List<TableEntity>();
        await foreach (var h in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
                           $"PartitionKey eq {invitation.AccountId} and RowKey ge {prefix} and RowKey lt {InvitationRows.RangeEnd(prefix)}")))
        {
            history.Add(h);
        }

        return (row, history);
    }

    /// <summary>Stored properties and keys, without what storage sets (ETag, Timestamp).</summary>
    private static string Properties(TableEntity entity) =>
        string.Join("\n", entity.Keys
            .Where(k => k is not ("odata.etag" or "Timestamp"))
            .OrderBy(k => k, StringComparer.Ordinal)
            .Select(k => $"{k}={Format(entity[k])}"));

    private static string Format(object? value) => value switch
    {
        DateTimeOffset d => d.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        DateTime d => d.ToUniversalTime().Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        null => "null",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) + ":" + value.GetType().Name,
    };

    private static string Json(InvitationState state) => JsonSerializer.Serialize(state);
}
