using System.Text.Json;
using Invitations.TestSupport;

namespace Invitations.Tests.Api;

[Collection(AzuriteTests.Name)]
public sealed class AdminApiTests(AzuriteFixture azurite) : IDisposable
{
    private readonly ApiHarness _api = new(azurite);

    public void Dispose() => _api.Dispose();

    private string Admin => _api.AdminToken();

    private async Task<string> CreateAsync(string email, string account = "acct-a")
    {
        var response = await _api.SendAsync("POST", $"/api/accounts/{account}/invitations", new { email }, _api.AdminToken(account));
        Assert.True(response.Status == 201, response.ToString());
        return response.Json.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Create_returns_the_invitation_with_defaults_and_no_secrets()
    {
        var response = await _api.SendAsync("POST", "/api/accounts/acct-a/invitations", new { email = "  Bo@Example.COM " }, Admin);

        Assert.Equal(201, response.Status);
        Assert.StartsWith("application/json", response.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("no-store", response.Header("Cache-Control"));
        Assert.Contains("Location", response.Header("Access-Control-Expose-Headers"), StringComparison.Ordinal);
        var json = response.Json;
        Assert.Equal("Bo@Example.COM", json.GetProperty("email").GetString());
        Assert.Equal("member", json.GetProperty("role").GetString());
        Assert.Equal("admin-1", json.GetProperty("invitedBy").GetProperty("id").GetString());
        Assert.Equal("2026-11-27T09:00:00Z", json.GetProperty("createdAt").GetString());
        Assert.Equal("2026-12-04T09:00:00Z", json.GetProperty("expiresAt").GetString());
        Assert.Equal("queued", json.GetProperty("emailDelivery").GetProperty("status").GetString());
        Assert.DoesNotContain("token", response.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", response.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_second_open_invitation_for_the_same_address_is_already_invited_and_queues_nothing()
    {
        var first = await CreateAsync("cy@example.com");
        var before = await _api.SnapshotAsync();

        var second = await _api.SendAsync("POST", "/api/accounts/acct-a/invitations", new { email = "CY@example.com" }, Admin);

        Assert.Equal((409, "already-invited"), (second.Status, second.ProblemCode));
        Assert.Equal(first, second.Json.GetProperty("invitationId").GetString());
        (await _api.SnapshotAsync()).AssertSameAs(before, "already-invited");
    }

    [Fact]
    public async Task Idempotency_key_replays_the_same_response_without_a_second_invitation_or_email()
    {
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = "create-dee-1" };
        var body = new { email = "dee@example.com", displayName = "Dee" };

        var first = await _api.SendAsync("POST", "/api/accounts/acct-a/invitations", body, Admin, headers);
        var snapshot = await _api.SnapshotAsync();
        _api.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await _api.SendAsync("POST", "/api/accounts/acct-a/invitations", body, Admin, headers);
        var different = await _api.SendAsync("POST", "/api/accounts/acct-a/invitations", new { email = "dee@example.com", displayName = "Other" }, Admin, headers);

        Assert.Equal(201, first.Status);
        Assert.Equal(201, second.Status);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(first.Header("Location"), second.Header("Location"));
        Assert.Equal("true", second.Header("Idempotent-Replayed"));
        Assert.Equal((422, "idempotency-key-reused"), (different.Status, different.ProblemCode));
        (await _api.SnapshotAsync()).AssertSameAs(snapshot, "replays and 422 write nothing");
        Assert.Single(await _api.EmailJobsAsync());
    }

    [Fact]
    public async Task Parallel_creates_with_one_idempotency_key_all_get_the_201_of_one_invitation()
    {
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = "parallel-key" };
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            _api.SendAsync("POST", "/api/accounts/acct-a/invitations", new { email = "par@example.com" }, Admin, headers)));

        // A client retrying after a timeout is who sends the key: every retry gets the one 201, fresh or replayed, never a 409.
        Assert.All(responses, r => Assert.Equal(201, r.Status));
        Assert.Single(responses.Select(r => r.Json.GetProperty("id").GetString()).Distinct());
        Assert.Single(responses, r => !r.Headers.ContainsKey("Idempotent-Replayed"));
        var list = await _api.SendAsync("GET", "/api/accounts/acct-a/invitations", token: Admin);
        Assert.Single(list.Json.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task History_pages_newest_first_until_the_token_is_null_and_refuses_bad_paging()
    {
        var id = await CreateAsync("hist@example.com");
        for (var i = 0; i < 3; i++)
        {
            _api.Time.Advance(TimeSpan.FromMinutes(10));
            Assert.Equal(202, (await _api.SendAsync("POST", $"/api/accounts/acct-a/invitations/{id}/resend", token: Admin)).Status);
        }

        _api.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(200, (await _api.SendAsync("POST", $"/api/accounts/acct-a/invitations/{id}/revoke", token: Admin)).Status);

        var events = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var query = token is null ? "?pageSize=3" : $"?pageSize=3&continuationToken={Uri.EscapeDataString(token)}";
            var page = await _api.SendAsync("GET", $"/api/accounts/acct-a/invitations/{id}/history{query}", token: Admin);
            Assert.Equal(200, page.Status);
            Assert.True(page.Json.TryGetProperty("continuationToken", out var next), "the last page says so with a null token");
            events.AddRange(page.Json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("event").GetString()!));
            token = next.ValueKind == System.Text.Json.JsonValueKind.Null ? null : next.GetString();
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(["revoked", "email-queued", "resent", "email-queued", "resent", "email-queued", "resent", "email-queued", "created"], events);
        Assert.Equal(3, pages);
        foreach (var bad in new[] { "?pageSize=0", "?pageSize=101", "?pageSize=x", "?continuationToken=bm90LW91cnM" })
        {
            var refused = await _api.SendAsync("GET", $"/api/accounts/acct-a/invitations/{id}/history{bad}", token: Admin);
            Assert.Equal((400, "validation-failed"), (refused.Status, refused.ProblemCode));
        }
    }

    [Fact]
    public async Task List_filters_by_status_and_email_and_pages_with_continuation_tokens()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await CreateAsync($"p{i}@example.com"));
            _api.Time.Advance(TimeSpan.FromMilliseconds(10));
        }

        await _api.SendAsync("POST", $"/api/accounts/acct-a/invitations/{ids[0]}/revoke", token: Admin);
        _api.Time.Advance(TimeSpan.FromDays(3));
        var late = await CreateAsync("late@example.com");
        _api.Time.Advance(TimeSpan.FromDays(4)); // the first five are now expired by the clock

        async Task<List<string>> Ids(string query)
        {
            var all = new List<string>();
            string? token = null;
            do
            {
                var url = "/api/accounts/acct-a/invitations?" + query + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
                var page = await _api.SendAsync("GET", url, token: Admin);
                Assert.True(page.Status == 200, page.ToString());
                all.AddRange(page.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
                var next = page.Json.GetProperty("continuationToken");
                token = next.ValueKind == JsonValueKind.Null ? null : next.GetString();
            }
            while (token is not null);
            return all;
        }

        Assert.Equal([late], await Ids("status=pending"));
        Assert.Equal(ids.Skip(1).Reverse(), await Ids("status=expired&pageSize=2")); // newest first by default
        Assert.Equal(ids.Skip(1), await Ids("status=expired&pageSize=2&orderBy=createdAt"));
        Assert.Equal(ids, await Ids("status=expired&status=revoked&pageSize=1&orderBy=createdAt"));
        Assert.Equal(ids.Take(1).Append(late).Reverse(), await Ids("status=revoked,pending"));
        Assert.Equal([late], await Ids("email=LATE@"));
        Assert.Equal(6, (await Ids("pageSize=100")).Count);
    }

    [Fact]
    public async Task Past_six_emails_a_day_resend_and_send_new_are_409_saying_when_the_next_email_is_possible()
    {
        var id = await CreateAsync("rl@example.com");
        for (var i = 0; i < 5; i++)
        {
            _api.Time.Advance(TimeSpan.FromMinutes(10));
            var action = i % 2 == 0 ? "resend" : "reissue";
            var ok = await _api.SendAsync("POST", $"/api/accounts/acct-a/invitations/{id}/{action}", token: Admin);
            Assert.Equal(202, ok.Status);
            Assert.Equal(4 - i, ok.Json.GetProperty("invitation").GetProperty("resendsRemaining").GetInt32());
        }

        var before = await _api.SnapshotAsync();
        var created = _api.Time.GetUtcNow().AddMinutes(-50);
        foreach (var action in new[] { "resend", "reissue" })
        {
            var refused = await _api.SendAsync("POST", $"/api/accounts/acct-a/invitations/{id}/{action}", token: Admin);

            Assert.Equal((409, "invitation-email-limit-reached"), (refused.Status, refused.ProblemCode));
            // The first email was 50 minutes ago; it leaves the 24 h window in 23 h 10 min. No Retry-After header:
            // standard client pipelines would sleep on it (docs/api.md, "Limits").
            Assert.Null(refused.Header("Retry-After"));
            Assert.Equal(((23 * 60) + 10) * 60, refused.Json.GetProperty("retryAfterSeconds").GetInt32());
            Assert.Equal(created.AddHours(24).UtcDateTime, refused.Json.GetProperty("retryAt").GetDateTime());
        }

        (await _api.SnapshotAsync()).AssertSameAs(before, "a refused resend and send new");
    }

    [Fact]
    public async Task Revoke_stops_the_link_and_is_idempotent()
    {
        var id = await CreateAsync("rv@example.com");
        var url = (await _api.SendAsync("GET", $"/api/accounts/acct-a/invitations/{id}/link", token: Admin)).Json.GetProperty("url").GetString()!;

        var revoke = await _api.SendAsync("POST", $"/api/accounts/acct-a/invitations/{id}/revoke", token: Admin);
        var again = await _api.SendAsync("POST", $"/api/accounts/acct-a/invitations/{id}/revoke", token: Admin);
        var copy = await _api.SendAsync("GET", $"/api/accounts/acct-a/invitations/{id}/link", token: Admin);
        var reissue = await _api.SendAsync("POST", $"/api/accounts/acct-a/invitations/{id}/reissue", token: Admin);
        var preview = await _api.SendAsync("GET", "/api/invitations/" + url.Split("token=")[1]);

        Assert.Equal((200, "revoked"), (revoke.Status, revoke.Json.GetProperty("status").GetString()));
        Assert.Equal(200, again.Status);
        Assert.Equal("invitation-revoked", copy.ProblemCode);
        Assert.Equal((409, "invitation-revoked"), (reissue.Status, reissue.ProblemCode));
        Assert.Equal("invitation-revoked", preview.ProblemCode);
    }

    [Fact]
    public async Task Reissue_is_refused_for_an_accepted_invitation()
    {
        var id = await CreateAsync("acc@example.com");
        var url = (await _api.SendAsync("GET", $"/api/accounts/acct-a/invitations/{id}/link", token: Admin)).Json.GetProperty("url").GetString()!;
        var token = Uri.UnescapeDataString(url.Split("token=")[1]);
        Assert.Equal(200, (await _api.SendAsync("POST", "/api/invitations/accept", new { token }, _api.UserToken("acc@example.com"))).Status);

        var reissue = await _api.SendAsync("POST", $"/api/accounts/acct-a/invitations/{id}/reissue", token: Admin);
        var resend = await _api.SendAsync("POST", $"/api/accounts/acct-a/invitations/{id}/resend", token: Admin);
        var preview = await _api.SendAsync("GET", "/api/invitations/" + Uri.EscapeDataString(token));

        Assert.Equal((409, "invitation-accepted"), (reissue.Status, reissue.ProblemCode));
        Assert.Equal((409, "invitation-accepted"), (resend.Status, resend.ProblemCode));
        Assert.Equal("accepted", preview.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Accept_needs_a_token_and_the_invited_email()
    {
        var id = await CreateAsync("eve@example.com");
        var url = (await _api.SendAsync("GET", $"/api/accounts/acct-a/invitations/{id}/link", token: Admin)).Json.GetProperty("url").GetString()!;
        var token = Uri.UnescapeDataString(url.Split("token=")[1]);

        var anonymous = await _api.SendAsync("POST", "/api/invitations/accept", new { token });
        var otherEmail = await _api.SendAsync("POST", "/api/invitations/accept", new { token }, _api.UserToken("mallory@example.com", "mallory"));
        var ok = await _api.SendAsync("POST", "/api/invitations/accept", new { token }, _api.UserToken("EVE@example.com", "eve"));
        var otherUser = await _api.SendAsync("POST", "/api/invitations/accept", new { token }, _api.UserToken("eve@example.com", "eve-2"));

        Assert.Equal(401, anonymous.Status);
        Assert.Equal((403, "email-mismatch"), (otherEmail.Status, otherEmail.ProblemCode));
        Assert.Equal(200, ok.Status);
        Assert.Equal((409, "accepted-by-another-user"), (otherUser.Status, otherUser.ProblemCode));
    }
}
