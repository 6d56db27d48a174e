using System.Net;
using Azure.Data.Tables;
using Invitations.Security;
using Invitations.TestSupport;
using Invitations.TestSupport.Acs;
using Invitations.Tests.Api;
using Microsoft.Extensions.Logging;

namespace Invitations.Tests.Limits;

/// <summary>The account's daily email quota on the write path, tried as a hostile admin would, over Azurite.</summary>
[Collection(AzuriteTests.Name)]
public sealed class AccountEmailQuotaTests(AzuriteFixture azurite) : IDisposable
{
    private readonly ApiHarness _api = new(azurite, new Dictionary<string, string?> { ["Limits__EmailsPerAccountPerDay"] = "10" });

    public void Dispose() => _api.Dispose();

    private Task<ApiResponse> CreateAsync(string email, string account = "acct-a") =>
        _api.SendAsync("POST", $"/api/accounts/{account}/invitations", new { email }, _api.AdminToken(account));

    [Fact]
    public async Task Thirteen_creates_with_a_quota_of_ten_give_ten_201s_three_refusals_and_ten_emails()
    {
        await using var acs = await AcsTestServer.StartAsync();
        var options = AppOnLocalHost.Options(azurite, "quota");
        options.Settings["Limits__EmailsPerAccountPerDay"] = "10";
        options.Settings["Email__ConnectionString"] = acs.ConnectionString;
        options.Settings["Email__SenderAddress"] = "noreply@invitations.test";
        await using var app = await AppOnLocalHost.StartAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning));
        var admin = DevelopmentTokens.MintDemoAdmin(app.Configuration);

        var answers = new List<(HttpStatusCode Status, string? Type)>();
        for (var i = 0; i < 13; i++)
        {
            var (status, body, _) = await app.CallAsync(HttpMethod.Post, "accounts/demo/invitations", admin, new { email = $"user{i}@example.com" });
            answers.Add((status, status == HttpStatusCode.Created ? null : body.GetProperty("type").GetString()));
        }

        Assert.Equal(10, answers.Count(a => a.Status == HttpStatusCode.Created));
        Assert.Equal(3, answers.Count(a => a == (HttpStatusCode.Conflict, "urn:invitations:problem:account-email-limit-reached")));
        Assert.True(await acs.WaitForEmailsAsync(10, TimeSpan.FromSeconds(30)), $"{acs.EmailCount} emails");
        await Task.Delay(TimeSpan.FromSeconds(2)); // anything late would show now
        Assert.Equal(10, acs.EmailCount);
    }

    [Fact]
    public async Task A_refusal_says_when_the_next_utc_day_starts_and_changes_nothing()
    {
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal(201, (await CreateAsync($"u{i}@example.com")).Status);
        }

        var last = await CreateAsync("u9@example.com");
        var id = last.Json.GetProperty("id").GetString();
        var before = await _api.SnapshotAsync();

        var create = await CreateAsync("u10@example.com");
        var resend = await _api.SendAsync("POST", $"/api/accounts/acct-a/invitations/{id}/resend", token: _api.AdminToken());
        var reissue = await _api.SendAsync("POST", $"/api/accounts/acct-a/invitations/{id}/reissue", token: _api.AdminToken());

        var midnight = new DateTimeOffset(_api.Time.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        foreach (var refused in new[] { create, resend, reissue })
        {
            Assert.Equal((409, "account-email-limit-reached"), (refused.Status, refused.ProblemCode));
            Assert.Equal(midnight.UtcDateTime, refused.Json.GetProperty("retryAt").GetDateTime());
            Assert.Null(refused.Header("Retry-After"));
        }

        (await _api.SnapshotAsync()).AssertSameAs(before, "refusals by the account quota");
        Assert.Equal(201, (await CreateAsync("elsewhere@example.com", "acct-b")).Status); // other accounts are not affected

        _api.Time.Advance(midnight - _api.Time.GetUtcNow()); // a new UTC day
        Assert.Equal(201, (await CreateAsync("u10@example.com")).Status);
    }

    [Fact]
    public async Task Forty_parallel_creates_never_get_past_the_quota()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => CreateAsync($"p{i}@example.com")));

        Assert.All(answers.Where(a => a.Status != 201), a => Assert.Equal(409, a.Status));
        Assert.All(answers.Where(a => a.Status == 409), a => Assert.Contains(a.ProblemCode, new[] { "account-email-limit-reached", "conflict" }));
        var created = answers.Count(a => a.Status == 201);
        Assert.InRange(created, 1, 10);

        // Whatever the race left, the quota still ends at exactly ten.
        for (var i = 0; created < 10 && i < 20; i++)
        {
            if ((await CreateAsync($"late{i}@example.com")).Status == 201)
            {
                created++;
            }
        }

        Assert.Equal(10, created);
        Assert.Equal("account-email-limit-reached", (await CreateAsync("one-too-many@example.com")).ProblemCode);
        Assert.Equal(10, await QuotaRowsAsync("acct-a"));
        Assert.Equal(10, Sends(await _api.EmailJobsAsync())); // a retried change may queue its send twice; it is one email
    }

    [Fact]
    public async Task Twenty_parallel_creates_on_two_instances_never_get_past_the_quota_and_stale_instances_never_refuse_early()
    {
        // A second instance of the app on the same tables and queues: each has its own picture of the account's day.
        using var other = new ApiHarness(azurite, new Dictionary<string, string?>
        {
            ["Limits__EmailsPerAccountPerDay"] = "10",
            ["Storage__TablePrefix"] = _api.TablePrefix,
            ["EmailQueueName"] = _api.QueueName,
            ["EventsQueueName"] = "events-" + _api.QueueName,
        });
        ApiHarness[] instances = [_api, other];
        Task<ApiResponse> CreateOn(int instance, string email) =>
            instances[instance % 2].SendAsync("POST", "/api/accounts/acct-a/invitations", new { email }, instances[instance % 2].AdminToken());

        // Both instances have taken slots of the day already, without reading (each knows only its own).
        Assert.Equal(201, (await CreateOn(0, "warm0@example.com")).Status);
        Assert.Equal(201, (await CreateOn(1, "warm1@example.com")).Status);

        // Refused changes pick a slot and never write it: more of them than the quota leaves must not look like a full day.
        for (var i = 0; i < 24; i++)
        {
            Assert.Equal("already-invited", (await CreateOn(i, $"warm{i % 2}@example.com")).ProblemCode);
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => CreateOn(i, $"p{i}@example.com")));

        Assert.All(answers.Where(a => a.Status != 201), a => Assert.Contains(a.ProblemCode, new[] { "account-email-limit-reached", "conflict" }));
        var created = 2 + answers.Count(a => a.Status == 201);
        Assert.InRange(created, 2, 10);

        // Whatever either instance believes, neither refuses before the tenth email, and both refuse after it.
        for (var i = 0; created < 10 && i < 20; i++)
        {
            var late = await CreateOn(i, $"late{i}@example.com");
            Assert.True(late.Status == 201 || late.ProblemCode == "conflict", $"refused with {created} of 10 sent: {late}");
            created += late.Status == 201 ? 1 : 0;
        }

        Assert.Equal(10, created);
        Assert.Equal("account-email-limit-reached", (await CreateOn(0, "too-many0@example.com")).ProblemCode);
        Assert.Equal("account-email-limit-reached", (await CreateOn(1, "too-many1@example.com")).ProblemCode);
        Assert.Equal(10, await QuotaRowsAsync("acct-a"));
    }

    private static int Sends(IEnumerable<System.Text.Json.JsonElement> jobs) =>
        jobs.Select(j => (j.GetProperty("invitationId").GetString(), j.GetProperty("linkVersion").GetInt32(), j.GetProperty("sendNumber").GetInt32())).Distinct().Count();

    /// <summary>The quota slot rows of the account: one per email, none shared.</summary>
    private async Task<int> QuotaRowsAsync(string account)
    {
        var table = new TableClient(azurite.ConnectionString, _api.TablePrefix + "Invitations");
        var rows = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>($"PartitionKey eq '{account}' and RowKey ge 'quota|' and RowKey lt 'quota}}'"))
        {
            rows++;
        }

        return rows;
    }
}
