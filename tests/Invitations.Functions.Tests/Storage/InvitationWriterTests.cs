using Azure;
using Azure.Data.Tables;
using Invitations.Invitations;
using Invitations.Storage;
using Invitations.TestSupport;
using Invitations.Tests.Invitations;
using Moq;

namespace Invitations.Tests.Storage;

/// <summary>The one write path and the reads, over Azurite.</summary>
[Collection(AzuriteTests.Name)]
public sealed class InvitationWriterTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly EmailLimit Policy = InvitationTestData.DailyEmails;
    private readonly RepositoryTestContext _ctx = new(azurite);

    [Fact]
    public async Task Create_then_point_read_round_trips_the_invitation()
    {
        var invitation = _ctx.NewInvitation("Ana.Lopez@Example.COM");
        invitation.Resend(InvitationTestData.Admin, _ctx.Time.GetUtcNow().AddTicks(1234567), Policy);
        var expected = invitation.ToState();

        var created = await _ctx.CreateAsync(invitation);
        var read = await _ctx.Store.GetAsync(_ctx.AccountId, invitation.Id, Ct);

        Assert.NotNull(read);
        Assert.Equal(created.ETag, read.ETag);
        var actual = read.Value.ToState();
        Assert.Equal(expected with { RecentEmails = [] }, actual with { RecentEmails = [] });
        Assert.Equal(expected.RecentEmails, actual.RecentEmails);
        Assert.Empty(read.Value.NewEvents);
        Assert.False(read.Value.HasChanges);
    }

    [Fact]
    public async Task Point_read_of_an_unknown_or_other_account_invitation_is_null()
    {
        var invitation = _ctx.NewInvitation();
        await _ctx.CreateAsync(invitation);

        Assert.Null(await _ctx.Store.GetAsync(_ctx.AccountId, Guid.NewGuid(), Ct));
        Assert.Null(await _ctx.Store.GetAsync("another-account", invitation.Id, Ct));
    }

    [Fact]
    public async Task A_change_writes_the_invitation_and_its_history_rows_and_history_reads_newest_first()
    {
        var stored = await _ctx.CreateAsync(_ctx.NewInvitation());
        var now = _ctx.Time.GetUtcNow();
        await _ctx.ChangeAsync(stored.Value.Id, (i, _) => i.Resend(InvitationTestData.Admin, now, Policy));
        // Same instant again: history rows must still not collide.
        var updated = await _ctx.ChangeAsync(stored.Value.Id, (i, _) => i.Revoke(InvitationTestData.Admin, now));

        var read = await _ctx.Store.GetAsync(_ctx.AccountId, stored.Value.Id, Ct);
        Assert.Equal(InvitationStatus.Revoked, read!.Value.StoredStatus);
        Assert.Equal(updated.ETag, read.ETag);
        var history = await _ctx.Store.GetHistoryAsync(_ctx.AccountId, stored.Value.Id, 100, null, Ct);
        Assert.Equal(
            [InvitationEventKind.Revoked, InvitationEventKind.EmailQueued, InvitationEventKind.Resent, InvitationEventKind.EmailQueued, InvitationEventKind.Created],
            history.Items.Select(e => e.Kind));
        Assert.Null(history.ContinuationToken);
        Assert.All(history.Items, e => Assert.False(string.IsNullOrEmpty(e.Actor.Id)));
    }

    [Fact]
    public async Task A_change_from_a_stale_read_is_retried_on_fresh_state_and_the_rules_decide_again()
    {
        var stored = await _ctx.CreateAsync(_ctx.NewInvitation());
        var stale = await _ctx.Store.GetAsync(_ctx.AccountId, stored.Value.Id, Ct);
        await _ctx.ChangeAsync(stored.Value.Id, (i, now) => i.Revoke(InvitationTestData.Admin, now));
        var rowsBefore = await _ctx.RowsAsync();

        // The first attempt starts from the stale read and loses the ETag race; the retry reads "revoked".
        var ex = await Assert.ThrowsAsync<InvitationRuleException>(() =>
            _ctx.ChangeAsync(stored.Value.Id, (i, now) => i.Resend(InvitationTestData.Admin, now, Policy), known: stale));

        Assert.Equal(InvitationErrorCodes.Revoked, ex.Code);
        Assert.Equal(rowsBefore.Select(r => (r.RowKey, r.ETag)), (await _ctx.RowsAsync()).Select(r => (r.RowKey, r.ETag)));
        Assert.Equal(2, _ctx.Participant.Changes.Count(c => c.Invitation.Id == stored.Value.Id && !c.IsCreate));
    }

    [Fact]
    public async Task A_change_that_keeps_meeting_concurrent_writes_answers_conflict_after_the_retries()
    {
        // A participant that changes the invitation behind every attempt's back (as a storm of other writers would).
        var saboteur = new SabotagingParticipant();
        var ctx = new RepositoryTestContext(azurite, saboteur);
        var mine = await ctx.CreateAsync(ctx.NewInvitation());
        saboteur.Target = ctx;
        saboteur.Active = true;

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => ctx.ChangeAsync(mine.Value.Id, (i, now) => i.Revoke(InvitationTestData.Admin, now)));

        Assert.Equal(7, saboteur.Attempts); // the first try and six retries
        Assert.NotEqual(InvitationStatus.Revoked, (await ctx.Store.GetAsync(ctx.AccountId, mine.Value.Id, Ct))!.Value.StoredStatus);
    }

    [Fact]
    public async Task A_refused_change_queues_and_writes_nothing()
    {
        var participant = new Mock<IInvitationWriteParticipant>(MockBehavior.Strict);
        var ctx = new RepositoryTestContext(azurite, participant.Object);
        participant.Setup(p => p.PrepareAsync(It.IsAny<InvitationChange>(), It.IsAny<CancellationToken>())).Returns(() => ValueTask.FromResult<IReadOnlyList<TableTransactionAction>>([]));
        participant.Setup(p => p.BeforeCommitAsync(It.IsAny<InvitationChange>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        var stored = await ctx.CreateAsync(ctx.NewInvitation());
        await ctx.ChangeAsync(stored.Value.Id, (i, now) => i.Revoke(InvitationTestData.Admin, now));
        participant.Invocations.Clear();
        var before = await ctx.RowsAsync();

        await Assert.ThrowsAsync<InvitationRuleException>(() => ctx.ChangeAsync(stored.Value.Id, (i, now) => i.Resend(InvitationTestData.Admin, now, Policy)));

        participant.Verify(p => p.PrepareAsync(It.IsAny<InvitationChange>(), It.IsAny<CancellationToken>()), Times.Never);
        participant.Verify(p => p.BeforeCommitAsync(It.IsAny<InvitationChange>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal(before.Select(r => (r.RowKey, r.ETag)), (await ctx.RowsAsync()).Select(r => (r.RowKey, r.ETag)));
    }

    [Fact]
    public async Task A_participant_refusal_in_prepare_queues_and_writes_nothing()
    {
        var refusing = new Mock<IInvitationWriteParticipant>();
        refusing.Setup(p => p.PrepareAsync(It.IsAny<InvitationChange>(), It.IsAny<CancellationToken>()))
            .Throws(new InvitationRuleException("quota-reached", "Refused by a participant."));
        var ctx = new RepositoryTestContext(azurite, refusing.Object);
        var invitation = ctx.NewInvitation();

        await Assert.ThrowsAsync<InvitationRuleException>(() => ctx.Writer.CreateAsync(invitation, null, Ct));

        refusing.Verify(p => p.BeforeCommitAsync(It.IsAny<InvitationChange>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Empty(ctx.Participant.Changes);
        Assert.Empty(await ctx.RowsAsync());
    }

    [Fact]
    public async Task Participants_rows_commit_in_the_same_transaction_and_events_carry_stable_sequences()
    {
        var rows = new Mock<IInvitationWriteParticipant>();
        rows.Setup(p => p.PrepareAsync(It.IsAny<InvitationChange>(), It.IsAny<CancellationToken>()))
            .Returns((InvitationChange c, CancellationToken _) => ValueTask.FromResult<IReadOnlyList<TableTransactionAction>>(
                [.. c.Events.Select(e => new TableTransactionAction(TableTransactionActionType.Add,
                    new TableEntity(c.Invitation.AccountId, $"outbox|{c.Invitation.Id:N}|{e.Sequence:D6}") { ["Event"] = e.Event.Kind.ToString() }))]));
        var ctx = new RepositoryTestContext(azurite, rows.Object);

        var stored = await ctx.CreateAsync(ctx.NewInvitation());
        await ctx.ChangeAsync(stored.Value.Id, (i, now) => i.Revoke(InvitationTestData.Admin, now));

        var outbox = (await ctx.RowsAsync()).Where(r => r.RowKey.StartsWith("outbox|", StringComparison.Ordinal)).ToList();
        Assert.Equal(["Created", "EmailQueued", "Revoked"], outbox.OrderBy(r => r.RowKey, StringComparer.Ordinal).Select(r => r.GetString("Event")));
        Assert.Equal([0L, 1L, 2L], ctx.Participant.Changes.SelectMany(c => c.Events).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Two_concurrent_creates_for_one_address_give_one_invitation()
    {
        var a = _ctx.NewInvitation("sam@example.com");
        var b = _ctx.NewInvitation("SAM@example.com");

        var results = await Task.WhenAll(Attempt(a), Attempt(b));

        Assert.Single(results, r => r is null);
        Assert.Single(results, r => r == InvitationErrorCodes.AlreadyInvited);
        Assert.Single(await _ctx.RowsAsync(), r => r.RowKey.StartsWith(InvitationRows.InvitationPrefix, StringComparison.Ordinal));

        async Task<string?> Attempt(Invitation invitation)
        {
            try
            {
                await _ctx.CreateAsync(invitation);
                return null;
            }
            catch (InvitationRuleException ex)
            {
                return ex.Code;
            }
        }
    }

    [Fact]
    public async Task Create_is_refused_while_an_open_invitation_holds_the_address_and_allowed_once_it_expired()
    {
        await _ctx.CreateAsync(_ctx.NewInvitation("lee@example.com"));

        var ex = await Assert.ThrowsAsync<InvitationRuleException>(() => _ctx.CreateAsync(_ctx.NewInvitation(" Lee@Example.com ")));
        Assert.Equal(InvitationErrorCodes.AlreadyInvited, ex.Code);

        _ctx.Time.Advance(TimeSpan.FromDays(7));
        var second = await _ctx.CreateAsync(_ctx.NewInvitation("lee@example.com"));
        Assert.Equal(InvitationStatus.Pending, second.Value.StatusAt(_ctx.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Reissue_of_an_expired_invitation_is_refused_while_a_newer_one_is_open()
    {
        var old = await _ctx.CreateAsync(_ctx.NewInvitation("kim@example.com"));
        _ctx.Time.Advance(TimeSpan.FromDays(8));
        await _ctx.CreateAsync(_ctx.NewInvitation("kim@example.com"));

        var ex = await Assert.ThrowsAsync<InvitationRuleException>(() =>
            _ctx.ChangeAsync(old.Value.Id, (i, now) => i.Reissue(InvitationTestData.Admin, now, TimeSpan.FromDays(7), InvitationTestData.DailyEmails)));
        Assert.Equal(InvitationErrorCodes.AlreadyInvited, ex.Code);
    }

    [Fact]
    public async Task Create_and_reissue_hand_the_new_window_to_the_participants_before_writing()
    {
        var stored = await _ctx.CreateAsync(_ctx.NewInvitation());
        _ctx.Time.Advance(TimeSpan.FromDays(10));

        await _ctx.ChangeAsync(stored.Value.Id, (i, now) => i.Reissue(InvitationTestData.Admin, now, TimeSpan.FromDays(7), InvitationTestData.DailyEmails));

        var changes = _ctx.Participant.Changes.Where(c => c.Invitation.Id == stored.Value.Id).ToList();
        Assert.Equal([true, false], changes.Select(c => c.IsCreate));
        Assert.Contains(changes[1].Events, e => e.Event.Kind == InvitationEventKind.Reissued);
        var read = await _ctx.Store.GetAsync(_ctx.AccountId, stored.Value.Id, Ct);
        Assert.Equal(2, read!.Value.LinkVersion);
        Assert.Equal(InvitationTestData.Start.AddDays(17), read.Value.ExpiresAt);
    }

    [Fact]
    public async Task Idempotency_row_is_written_with_the_invitation_and_a_second_use_of_the_key_replays_it()
    {
        var first = _ctx.NewInvitation("ida@example.com");
        var record = new IdempotencyRecord("key-1", "hash", first.Id, "{\"id\":1}", _ctx.Time.GetUtcNow());
        await _ctx.Writer.CreateAsync(first, record, Ct);

        var read = await _ctx.Store.GetIdempotencyAsync(_ctx.AccountId, "key-1", Ct);
        Assert.Equal(record, read);

        var second = _ctx.NewInvitation("other@example.com");
        var replay = await _ctx.Writer.CreateAsync(second, record with { InvitationId = second.Id }, Ct);
        Assert.Equal(record, replay.Replay);
        Assert.Null(await _ctx.Store.GetAsync(_ctx.AccountId, second.Id, Ct));
    }

    [Fact]
    public async Task Twenty_concurrent_creates_with_one_key_store_one_invitation_and_all_get_its_answer()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var invitation = _ctx.NewInvitation("same@example.com");
            var record = new IdempotencyRecord("key-20", "hash", invitation.Id, "{}", _ctx.Time.GetUtcNow());
            var result = await _ctx.Writer.CreateAsync(invitation, record, Ct);
            return result.Replay ?? record;
        }));

        var invitations = (await _ctx.RowsAsync()).Where(r => r.RowKey.StartsWith(InvitationRows.InvitationPrefix, StringComparison.Ordinal)).ToList();
        var only = Assert.Single(invitations);
        Assert.All(answers, a => Assert.Equal(only.GetGuid("InvitationId"), a.InvitationId));
    }

    [Fact]
    public async Task Addresses_with_characters_row_keys_forbid_still_get_a_guard()
    {
        await _ctx.CreateAsync(_ctx.NewInvitation("a/b#c?d~e@example.com"));

        await Assert.ThrowsAsync<InvitationRuleException>(() => _ctx.CreateAsync(_ctx.NewInvitation("A/B#C?D~E@example.com")));
        Assert.Contains(await _ctx.RowsAsync(), r => r.RowKey == "email|a~2Fb~23c~3Fd~7Ee@example.com");
    }

    [Fact]
    public async Task A_change_of_an_unknown_invitation_is_not_found_and_writes_nothing()
    {
        var ex = await Assert.ThrowsAsync<InvitationNotFoundException>(() => _ctx.ChangeAsync(Guid.NewGuid(), (i, now) => i.Revoke(InvitationTestData.Admin, now)));

        Assert.Equal(InvitationErrorCodes.NotFound, ex.Code);
        Assert.Empty(await _ctx.RowsAsync());
    }

    [Fact]
    public async Task Link_copies_neither_take_the_invitation_etag_nor_flood_the_history()
    {
        var stored = await _ctx.CreateAsync(_ctx.NewInvitation());
        for (var i = 0; i < 30; i++)
        {
            var copied = stored.Value.CopyLink(InvitationTestData.Admin, _ctx.Time.GetUtcNow());
            await _ctx.Store.AppendLinkCopiedAsync(stored.Value, copied, Ct);
            _ctx.Time.Advance(TimeSpan.FromSeconds(5));
        }

        // 30 copies over 150 s by one admin fold into one entry per 5-minute window; the invitation row is untouched.
        var read = await _ctx.Store.GetAsync(_ctx.AccountId, stored.Value.Id, Ct);
        Assert.Equal(stored.ETag, read!.ETag);
        var history = await _ctx.Store.GetHistoryAsync(_ctx.AccountId, stored.Value.Id, 100, null, Ct);
        Assert.InRange(history.Items.Count(e => e.Kind == InvitationEventKind.LinkCopied), 1, 2);

        // A change made with the ETag read before the copies still lands first time.
        await _ctx.ChangeAsync(stored.Value.Id, (i, now) => i.Revoke(InvitationTestData.Admin, now), known: read);
        Assert.Equal(1, _ctx.Participant.Changes.Count(c => !c.IsCreate));
    }

    [Fact]
    public async Task History_pages_newest_first_and_is_never_cut()
    {
        var stored = await _ctx.CreateAsync(_ctx.NewInvitation());
        for (var i = 0; i < 12; i++)
        {
            _ctx.Time.Advance(TimeSpan.FromHours(1));
            await _ctx.ChangeAsync(stored.Value.Id, (inv, now) => inv.Resend(InvitationTestData.Admin, now, EmailLimit.PerDay(100)));
        }

        await _ctx.ChangeAsync(stored.Value.Id, (inv, now) => inv.Revoke(InvitationTestData.Admin, now));

        var seen = new List<InvitationEvent>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _ctx.Store.GetHistoryAsync(_ctx.AccountId, stored.Value.Id, 5, token, Ct);
            seen.AddRange(page.Items);
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 20);

        // Created + queued, 12 × (resent + queued), revoked.
        Assert.Equal(2 + 24 + 1, seen.Count);
        Assert.Equal(InvitationEventKind.Revoked, seen[0].Kind);
        Assert.Equal(InvitationEventKind.Created, seen[^1].Kind);
        Assert.Equal(seen.OrderByDescending(e => e.At).Select(e => e.At), seen.Select(e => e.At));
        await Assert.ThrowsAsync<ValidationFailedException>(() => _ctx.Store.GetHistoryAsync(_ctx.AccountId, Guid.NewGuid(), 5, "bm90LW91cnM", Ct));
    }

    [Fact]
    public async Task List_pages_through_one_partition_with_continuation_tokens()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            _ctx.Time.Advance(TimeSpan.FromMilliseconds(5));
            ids.Add((await _ctx.CreateAsync(_ctx.NewInvitation($"user{i}@example.com"))).Value.Id);
        }

        var seen = new List<Guid>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _ctx.Store.ListAsync(_ctx.AccountId, new InvitationListQuery([], OldestFirst: true), 3, token, Ct);
            Assert.True(page.Items.Count <= 3);
            seen.AddRange(page.Items.Select(i => i.Id));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 10);

        // Version 7 ids: the list comes back in creation order.
        Assert.Equal(ids, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task List_status_filter_treats_pending_past_expiry_as_expired()
    {
        var old = await _ctx.CreateAsync(_ctx.NewInvitation("old@example.com"));
        _ctx.Time.Advance(TimeSpan.FromDays(4));
        var fresh = await _ctx.CreateAsync(_ctx.NewInvitation("fresh@example.com"));
        var revoked = await _ctx.CreateAsync(_ctx.NewInvitation("gone@example.com"));
        await _ctx.ChangeAsync(revoked.Value.Id, (i, now) => i.Revoke(InvitationTestData.Admin, now));
        _ctx.Time.Advance(TimeSpan.FromDays(3)); // old is exactly at its expiry: expired

        async Task<Guid[]> List(params InvitationStatus[] statuses) =>
            [.. (await _ctx.Store.ListAsync(_ctx.AccountId, new InvitationListQuery(statuses, OldestFirst: true), 100, null, Ct)).Items.Select(i => i.Id)];

        Assert.Equal([fresh.Value.Id], await List(InvitationStatus.Pending));
        Assert.Equal([old.Value.Id], await List(InvitationStatus.Expired));
        Assert.Equal([old.Value.Id, revoked.Value.Id], await List(InvitationStatus.Expired, InvitationStatus.Revoked));
        Assert.Equal(3, (await List()).Length);
        var byEmail = await _ctx.Store.ListAsync(_ctx.AccountId, new InvitationListQuery([], "fre", OldestFirst: true), 100, null, Ct);
        Assert.Equal([fresh.Value.Id], byEmail.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task A_continuation_token_we_did_not_issue_is_refused()
    {
        await Assert.ThrowsAsync<ValidationFailedException>(() => _ctx.Store.ListAsync(_ctx.AccountId, new InvitationListQuery([]), 10, "%%%not-base64", Ct));
    }

    /// <summary>Before every attempt's transaction, writes the same invitation through another path, so the attempt's ETag is stale.</summary>
    private sealed class SabotagingParticipant : IInvitationWriteParticipant
    {
        private int _attempts;

        public RepositoryTestContext? Target { get; set; }
        public bool Active { get; set; }
        public int Attempts => _attempts;

        public async Task BeforeCommitAsync(InvitationChange change, CancellationToken ct)
        {
            if (!Active || Target is null)
            {
                return;
            }

            Interlocked.Increment(ref _attempts);
            // A bare ETag-bumping merge of the invitation row, as a concurrent writer would cause.
            var client = await Target.Table.GetClientAsync(ct);
            await client.UpdateEntityAsync(
                new TableEntity(change.Invitation.AccountId, InvitationRows.InvitationKey(change.Invitation.Id)) { ["Touched"] = Guid.NewGuid().ToString() },
                ETag.All,
                TableUpdateMode.Merge,
                ct);
        }
    }
}
