using Invitations.TestSupport;

namespace Invitations.Tests.Api;

/// <summary>The Users page list newest first (or oldest first on request) with filters and paging, and the counts per status.</summary>
[Collection(AzuriteTests.Name)]
public sealed class ListOrderAndSummaryApiTests(AzuriteFixture azurite) : IDisposable
{
    private const string Invitations = "/api/accounts/acct-a/invitations";
    private readonly ApiHarness _api = new(azurite);

    public void Dispose() => _api.Dispose();

    private string Admin => _api.AdminToken();

    private async Task<string> CreateAsync(string email)
    {
        var created = await _api.SendAsync("POST", Invitations, new { email }, Admin);
        Assert.Equal(201, created.Status);
        _api.Time.Advance(TimeSpan.FromMinutes(1));
        return created.Json.GetProperty("id").GetString()!;
    }

    private async Task<(List<string> Emails, string? Next)> PageAsync(string query)
    {
        var response = await _api.SendAsync("GET", Invitations + query, token: Admin);
        Assert.Equal(200, response.Status);
        var next = response.Json.GetProperty("continuationToken").GetString();
        return ([.. response.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("email").GetString()!)], next);
    }

    [Fact]
    public async Task The_list_is_newest_first_by_default_and_oldest_first_on_request()
    {
        foreach (var email in new[] { "first@example.com", "second@example.com", "third@example.com" })
        {
            await CreateAsync(email);
        }

        Assert.Equal(["third@example.com", "second@example.com", "first@example.com"], (await PageAsync("")).Emails);
        Assert.Equal(["third@example.com", "second@example.com", "first@example.com"], (await PageAsync("?orderBy=-createdAt")).Emails);
        Assert.Equal(["first@example.com", "second@example.com", "third@example.com"], (await PageAsync("?orderBy=createdAt")).Emails);
    }

    [Fact]
    public async Task Filters_and_paging_work_newest_first_and_tokens_resume_only_their_own_order()
    {
        var ids = new List<string>();
        foreach (var email in new[] { "a1@example.com", "b2@example.com", "a3@example.com", "a4@example.com", "a5@example.com" })
        {
            ids.Add(await CreateAsync(email));
        }

        Assert.Equal(200, (await _api.SendAsync("POST", $"{Invitations}/{ids[3]}/revoke", token: Admin)).Status);

        var first = await PageAsync("?status=pending&email=a&pageSize=2");
        var second = await PageAsync($"?status=pending&email=a&pageSize=2&continuationToken={Uri.EscapeDataString(first.Next!)}");
        var wrongOrder = await _api.SendAsync("GET", $"{Invitations}?orderBy=createdAt&continuationToken={Uri.EscapeDataString(first.Next!)}", token: Admin);

        Assert.Equal(["a5@example.com", "a3@example.com"], first.Emails);
        Assert.Equal(["a1@example.com"], second.Emails);
        Assert.Null(second.Next);
        Assert.Equal((400, "validation-failed"), (wrongOrder.Status, wrongOrder.ProblemCode));
        Assert.Equal(["a4@example.com"], (await PageAsync("?status=revoked")).Emails);
    }

    [Theory]
    [InlineData("?orderBy=email")]
    [InlineData("?orderBy=createdat")]
    [InlineData("?orderBy=")]
    public async Task An_unknown_order_is_a_400(string query)
    {
        var response = await _api.SendAsync("GET", Invitations + query, token: Admin);

        Assert.Equal((400, "validation-failed"), (response.Status, response.ProblemCode));
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("orderBy", out _));
    }

    [Fact]
    public async Task The_summary_counts_each_status_with_pending_past_its_window_as_expired()
    {
        await CreateAsync("old@example.com");
        _api.Time.Advance(TimeSpan.FromDays(6));
        await CreateAsync("pending@example.com");
        var revoked = await CreateAsync("revoked@example.com");
        var accepted = await CreateAsync("accepted@example.com");
        Assert.Equal(200, (await _api.SendAsync("POST", $"{Invitations}/{revoked}/revoke", token: Admin)).Status);
        var url = (await _api.SendAsync("GET", $"{Invitations}/{accepted}/link", token: Admin)).Json.GetProperty("url").GetString()!;
        var token = Uri.UnescapeDataString(url.Split("token=")[1]);
        Assert.Equal(200, (await _api.SendAsync("POST", "/api/invitations/accept", new { token }, _api.UserToken("accepted@example.com"))).Status);
        _api.Time.Advance(TimeSpan.FromDays(2)); // "old" is past its 7 days; no sweep has run

        var summary = await _api.SendAsync("GET", Invitations + "/summary", token: Admin);

        Assert.Equal(200, summary.Status);
        var counts = summary.Json;
        Assert.Equal((1, 1, 1, 1, 4),
            (counts.GetProperty("pending").GetInt32(), counts.GetProperty("accepted").GetInt32(), counts.GetProperty("revoked").GetInt32(),
             counts.GetProperty("expired").GetInt32(), counts.GetProperty("total").GetInt32()));
        Assert.EndsWith("Z", counts.GetProperty("asOf").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_summary_counts_concurrent_creates_exactly()
    {
        var creates = Enumerable.Range(0, 20).Select(i => _api.SendAsync("POST", Invitations, new { email = $"c{i}@example.com" }, Admin));
        Assert.All(await Task.WhenAll(creates), r => Assert.Equal(201, r.Status));

        var summary = (await _api.SendAsync("GET", Invitations + "/summary", token: Admin)).Json;

        Assert.Equal((20, 20), (summary.GetProperty("pending").GetInt32(), summary.GetProperty("total").GetInt32()));
        Assert.Equal(20, (await PageAsync("?pageSize=100")).Emails.Count);
    }

    [Fact]
    public async Task Another_accounts_admin_gets_no_summary()
    {
        var response = await _api.SendAsync("GET", Invitations + "/summary", token: _api.AdminToken("acct-b"));

        Assert.Equal((403, "forbidden"), (response.Status, response.ProblemCode));
    }
}
