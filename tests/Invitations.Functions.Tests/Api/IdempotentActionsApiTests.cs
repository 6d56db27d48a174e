using Invitations.TestSupport;

namespace Invitations.Tests.Api;

/// <summary>Idempotency-Key on resend and send new invitation, with the semantics of create.</summary>
[Collection(AzuriteTests.Name)]
public sealed class IdempotentActionsApiTests(AzuriteFixture azurite) : IDisposable
{
    private readonly ApiHarness _api = new(azurite);

    public void Dispose() => _api.Dispose();

    private async Task<string> CreateAsync(string email) =>
        (await _api.SendAsync("POST", "/api/accounts/acct-a/invitations", new { email }, _api.AdminToken())).Json.GetProperty("id").GetString()!;

    private Task<ApiResponse> ActAsync(string id, string action, string key) =>
        _api.SendAsync("POST", $"/api/accounts/acct-a/invitations/{id}/{action}", token: _api.AdminToken(),
            headers: new Dictionary<string, string> { ["Idempotency-Key"] = key });

    private async Task<int> EmailsQueuedAsync(string id) =>
        (await _api.SendAsync("GET", $"/api/accounts/acct-a/invitations/{id}/history?pageSize=100", token: _api.AdminToken()))
            .Json.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("event").GetString() == "email-queued");

    [Theory]
    [InlineData("resend")]
    [InlineData("reissue")]
    public async Task The_same_key_replays_the_first_answer_without_a_second_email(string action)
    {
        var id = await CreateAsync($"{action}-once@example.com");

        var first = await ActAsync(id, action, $"{action}-key-1");
        _api.Time.Advance(TimeSpan.FromMinutes(1));
        var jobs = (await _api.EmailJobsAsync()).Count;
        var again = await ActAsync(id, action, $"{action}-key-1");

        Assert.Equal((202, 202), (first.Status, again.Status));
        Assert.Null(first.Header("Idempotent-Replayed"));
        Assert.Equal("true", again.Header("Idempotent-Replayed"));
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(2, await EmailsQueuedAsync(id));
        Assert.Equal(jobs, (await _api.EmailJobsAsync()).Count);
    }

    [Fact]
    public async Task The_same_key_on_another_action_or_invitation_is_422_and_changes_nothing()
    {
        var id = await CreateAsync("k1@example.com");
        var other = await CreateAsync("k2@example.com");
        Assert.Equal(202, (await ActAsync(id, "resend", "shared-key")).Status);
        var before = await _api.SnapshotAsync();

        var onReissue = await ActAsync(id, "reissue", "shared-key");
        var onOther = await ActAsync(other, "resend", "shared-key");
        var onCreate = await _api.SendAsync("POST", "/api/accounts/acct-a/invitations", new { email = "k3@example.com" }, _api.AdminToken(),
            new Dictionary<string, string> { ["Idempotency-Key"] = "shared-key" });

        Assert.All([onReissue, onOther, onCreate], r => Assert.Equal((422, "idempotency-key-reused"), (r.Status, r.ProblemCode)));
        (await _api.SnapshotAsync()).AssertSameAs(before, "a reused key");
    }

    [Fact]
    public async Task Ten_parallel_resends_with_one_key_send_one_email()
    {
        var id = await CreateAsync("double-click@example.com");

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => ActAsync(id, "resend", "double-click")));

        Assert.All(answers, a => Assert.Equal(202, a.Status));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal(2, await EmailsQueuedAsync(id)); // the invitation email and one resend
        // A retried attempt may queue the same send twice (one email, by the dispatcher's claim); never a third send.
        Assert.Equal(2, (await _api.EmailJobsAsync()).Select(j => j.GetProperty("sendNumber").GetInt32()).Distinct().Count());
    }

    [Fact]
    public async Task A_malformed_key_is_refused()
    {
        var id = await CreateAsync("badkey@example.com");

        var refused = await ActAsync(id, "resend", "not a key");

        Assert.Equal((400, "validation-failed"), (refused.Status, refused.ProblemCode));
    }
}
