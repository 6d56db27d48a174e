using Azure;
using Invitations.Invitations;
using Invitations.Storage;
using Invitations.TestSupport;
using Invitations.Tests.Invitations;

namespace Invitations.Tests.Storage;

[Collection(AzuriteTests.Name)]
public sealed class InvitationRepositoryTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly RepositoryTestContext _ctx = new(azurite);

    [Fact]
    public async Task Create_then_point_read_round_trips_the_invitation()
    {
        var invitation = _ctx.NewInvitation("Ana.Lopez@Example.COM");
        invitation.Resend(InvitationTestData.Admin, _ctx.Time.GetUtcNow().AddTicks(1234567), new ResendPolicy(5, TimeSpan.FromDays(1)));
        var expected = invitation.ToState();

        var created = await _ctx.Repository.CreateAsync(invitation, null, Ct);
        var read = await _ctx.Repository.GetAsync(_ctx.AccountId, invitation.Id, Ct);

        Assert.NotNull(read);
        Assert.Equal(created.ETag, read.ETag);
        var actual = read.Value.ToState();
        Assert.Equal(expected with { RecentResends = [] }, actual with { RecentResends = [] });
        Assert.Equal(expected.RecentResends, actual.RecentResends);
        Assert.Empty(read.Value.NewEvents);
    }

    [Fact]
    public async Task Point_read_of_an_unknown_or_other_account_invitation_is_null()
    {
        var invitation = _ctx.NewInvitation();
        await _ctx.Repository.CreateAsync(invitation, null, Ct);

        Assert.Null(await _ctx.Repository.GetAsync(_ctx.AccountId, Guid.NewGuid(), Ct));
        Assert.Null(await _ctx.Repository.GetAsync("another-account", invitation.Id, Ct));
    }

    [Fact]
    public async Task Update_writes_the_change_and_its_history_rows()
    {
        var stored = await _ctx.Repository.CreateAsync(_ctx.NewInvitation(), null, Ct);
        stored.Value.RecordLinkCopied(InvitationTestData.Admin, _ctx.Time.GetUtcNow());
        stored.Value.RecordLinkCopied(InvitationTestData.Admin, _ctx.Time.GetUtcNow());

        var updated = await _ctx.Repository.UpdateAsync(stored, Ct);
        // Same instant again: history rows must still not collide.
        updated.Value.Revoke(InvitationTestData.Admin, _ctx.Time.GetUtcNow());
        updated = await _ctx.Repository.UpdateAsync(updated, Ct);

        var read = await _ctx.Repository.GetAsync(_ctx.AccountId, stored.Value.Id, Ct);
        Assert.Equal(InvitationStatus.Revoked, read!.Value.StoredStatus);
        Assert.Equal(updated.ETag, read.ETag);
        var history = await _ctx.Repository.GetHistoryAsync(_ctx.AccountId, stored.Value.Id, Ct);
        Assert.Equal(
            [InvitationEventKind.Created, InvitationEventKind.EmailQueued, InvitationEventKind.LinkCopied, InvitationEventKind.LinkCopied, InvitationEventKind.Revoked],
            history.Select(e => e.Kind));
        Assert.All(history, e => Assert.False(string.IsNullOrEmpty(e.Actor.Id)));
    }

    [Fact]
    public async Task Update_with_a_stale_etag_is_a_conflict_and_writes_nothing()
    {
        var stored = await _ctx.Repository.CreateAsync(_ctx.NewInvitation(), null, Ct);
        var first = await _ctx.Repository.GetAsync(_ctx.AccountId, stored.Value.Id, Ct);
        var second = await _ctx.Repository.GetAsync(_ctx.AccountId, stored.Value.Id, Ct);
        first!.Value.Revoke(InvitationTestData.Admin, _ctx.Time.GetUtcNow());
        await _ctx.Repository.UpdateAsync(first, Ct);
        var rowsBefore = (await _ctx.RowsAsync()).Count;

        second!.Value.RecordLinkCopied(InvitationTestData.Admin, _ctx.Time.GetUtcNow());
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _ctx.Repository.UpdateAsync(second, Ct));
        // Plain update (no history rows) with a stale ETag too.
        var third = second with { ETag = new ETag("W/\"datetime'2020-01-01T00%3A00%3A00.0000000Z'\"") };
        third.Value.ClearNewEvents();
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _ctx.Repository.UpdateAsync(third, Ct));

        Assert.Equal(rowsBefore, (await _ctx.RowsAsync()).Count);
        Assert.Equal(InvitationStatus.Revoked, (await _ctx.Repository.GetAsync(_ctx.AccountId, stored.Value.Id, Ct))!.Value.StoredStatus);
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
                await _ctx.Repository.CreateAsync(invitation, null, Ct);
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
        await _ctx.Repository.CreateAsync(_ctx.NewInvitation("lee@example.com"), null, Ct);

        var ex = await Assert.ThrowsAsync<InvitationRuleException>(() => _ctx.Repository.EnsureEmailAvailableAsync(_ctx.AccountId, EmailAddress.Parse(" Lee@Example.com "), Ct));
        Assert.Equal(InvitationErrorCodes.AlreadyInvited, ex.Code);
        await Assert.ThrowsAsync<InvitationRuleException>(() => _ctx.Repository.CreateAsync(_ctx.NewInvitation("lee@example.com"), null, Ct));

        _ctx.Time.Advance(TimeSpan.FromDays(7));
        await _ctx.Repository.EnsureEmailAvailableAsync(_ctx.AccountId, EmailAddress.Parse("lee@example.com"), Ct);
        var second = await _ctx.Repository.CreateAsync(_ctx.NewInvitation("lee@example.com"), null, Ct);
        Assert.Equal(InvitationStatus.Pending, second.Value.StatusAt(_ctx.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Reissue_of_an_expired_invitation_is_refused_while_a_newer_one_is_open()
    {
        var old = await _ctx.Repository.CreateAsync(_ctx.NewInvitation("kim@example.com"), null, Ct);
        _ctx.Time.Advance(TimeSpan.FromDays(8));
        await _ctx.Repository.CreateAsync(_ctx.NewInvitation("kim@example.com"), null, Ct);

        var reloaded = (await _ctx.Repository.GetAsync(_ctx.AccountId, old.Value.Id, Ct))!;
        reloaded.Value.Reissue(InvitationTestData.Admin, _ctx.Time.GetUtcNow(), TimeSpan.FromDays(7));

        var ex = await Assert.ThrowsAsync<InvitationRuleException>(() => _ctx.Repository.UpdateAsync(reloaded, Ct));
        Assert.Equal(InvitationErrorCodes.AlreadyInvited, ex.Code);
    }

    [Fact]
    public async Task Reissue_records_the_new_expiry_in_the_index_before_writing()
    {
        var stored = await _ctx.Repository.CreateAsync(_ctx.NewInvitation(), null, Ct);
        _ctx.Time.Advance(TimeSpan.FromDays(10));
        stored.Value.Reissue(InvitationTestData.Admin, _ctx.Time.GetUtcNow(), TimeSpan.FromDays(7));

        await _ctx.Repository.UpdateAsync(stored, Ct);

        Assert.Equal(
            [InvitationTestData.Start.AddDays(7), InvitationTestData.Start.AddDays(17)],
            _ctx.ExpiryIndex.Calls.Where(c => c.InvitationId == stored.Value.Id).Select(c => c.ExpiresAt));
        var read = await _ctx.Repository.GetAsync(_ctx.AccountId, stored.Value.Id, Ct);
        Assert.Equal(2, read!.Value.LinkVersion);
        Assert.Equal(InvitationTestData.Start.AddDays(17), read.Value.ExpiresAt);
    }

    [Fact]
    public async Task Idempotency_row_is_written_with_the_invitation_and_a_second_use_of_the_key_is_detected()
    {
        var first = _ctx.NewInvitation("ida@example.com");
        var record = new IdempotencyRecord("key-1", "hash", first.Id, "{\"id\":1}", _ctx.Time.GetUtcNow());
        await _ctx.Repository.CreateAsync(first, record, Ct);

        var read = await _ctx.Repository.GetIdempotencyAsync(_ctx.AccountId, "key-1", Ct);
        Assert.Equal(record, read);

        var second = _ctx.NewInvitation("other@example.com");
        await Assert.ThrowsAsync<IdempotencyKeyTakenException>(() => _ctx.Repository.CreateAsync(second, record with { InvitationId = second.Id }, Ct));
        Assert.Null(await _ctx.Repository.GetAsync(_ctx.AccountId, second.Id, Ct));
    }

    [Fact]
    public async Task Addresses_with_characters_row_keys_forbid_still_get_a_guard()
    {
        await _ctx.Repository.CreateAsync(_ctx.NewInvitation("a/b#c?d~e@example.com"), null, Ct);

        await Assert.ThrowsAsync<InvitationRuleException>(() => _ctx.Repository.CreateAsync(_ctx.NewInvitation("A/B#C?D~E@example.com"), null, Ct));
        Assert.Contains(await _ctx.RowsAsync(), r => r.RowKey == "email|a~2Fb~23c~3Fd~7Ee@example.com");
    }

    [Fact]
    public async Task List_pages_through_one_partition_with_continuation_tokens()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            _ctx.Time.Advance(TimeSpan.FromMilliseconds(5));
            ids.Add((await _ctx.Repository.CreateAsync(_ctx.NewInvitation($"user{i}@example.com"), null, Ct)).Value.Id);
        }

        var seen = new List<Guid>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _ctx.Repository.ListAsync(_ctx.AccountId, new InvitationListQuery([]), 3, token, Ct);
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
        var old = await _ctx.Repository.CreateAsync(_ctx.NewInvitation("old@example.com"), null, Ct);
        _ctx.Time.Advance(TimeSpan.FromDays(4));
        var fresh = await _ctx.Repository.CreateAsync(_ctx.NewInvitation("fresh@example.com"), null, Ct);
        var revoked = await _ctx.Repository.CreateAsync(_ctx.NewInvitation("gone@example.com"), null, Ct);
        revoked.Value.Revoke(InvitationTestData.Admin, _ctx.Time.GetUtcNow());
        await _ctx.Repository.UpdateAsync(revoked, Ct);
        _ctx.Time.Advance(TimeSpan.FromDays(3)); // old is exactly at its expiry: expired

        async Task<Guid[]> List(params InvitationStatus[] statuses) =>
            [.. (await _ctx.Repository.ListAsync(_ctx.AccountId, new InvitationListQuery(statuses), 100, null, Ct)).Items.Select(i => i.Id)];

        Assert.Equal([fresh.Value.Id], await List(InvitationStatus.Pending));
        Assert.Equal([old.Value.Id], await List(InvitationStatus.Expired));
        Assert.Equal([old.Value.Id, revoked.Value.Id], await List(InvitationStatus.Expired, InvitationStatus.Revoked));
        Assert.Equal(3, (await List()).Length);
        var byEmail = await _ctx.Repository.ListAsync(_ctx.AccountId, new InvitationListQuery([], "fre"), 100, null, Ct);
        Assert.Equal([fresh.Value.Id], byEmail.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task A_continuation_token_we_did_not_issue_is_refused()
    {
        await Assert.ThrowsAsync<ValidationFailedException>(() => _ctx.Repository.ListAsync(_ctx.AccountId, new InvitationListQuery([]), 10, "%%%not-base64", Ct));
    }
}
