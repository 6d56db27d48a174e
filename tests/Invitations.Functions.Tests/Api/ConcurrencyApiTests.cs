using System.Text.Json;
using Invitations.TestSupport;
using Xunit.Abstractions;

namespace Invitations.Tests.Api;

[Collection(AzuriteTests.Name)]
public sealed class ConcurrencyApiTests(AzuriteFixture azurite, ITestOutputHelper output) : IDisposable
{
    private readonly ApiHarness _api = new(azurite, new Dictionary<string, string?> { ["Invitations__ResendLimit"] = "50" });

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task Two_parallel_creates_for_one_email_give_one_201_and_one_409()
    {
        for (var round = 0; round < 5; round++)
        {
            var email = $"twin{round}@example.com";
            var responses = await Task.WhenAll(
                _api.SendAsync("POST", "/api/accounts/acct-a/invitations", new { email }, _api.AdminToken()),
                _api.SendAsync("POST", "/api/accounts/acct-a/invitations", new { email = email.ToUpperInvariant() }, _api.AdminToken(user: "admin-2")));

            Assert.Equal([201, 409], responses.Select(r => r.Status).Order());
            Assert.Equal("already-invited", responses.Single(r => r.Status == 409).ProblemCode);
        }

        var list = await _api.SendAsync("GET", "/api/accounts/acct-a/invitations?status=pending", token: _api.AdminToken());
        Assert.Equal(5, list.Json.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // without revoke/accept every action can win, so conflicts and retries really happen
    public async Task Twenty_parallel_mixed_actions_leave_one_consistent_outcome(bool withTerminalActions)
    {
        var admin = _api.AdminToken();
        var created = await _api.SendAsync("POST", "/api/accounts/acct-a/invitations", new { email = "race@example.com" }, admin);
        var id = created.Json.GetProperty("id").GetString()!;
        var basePath = $"/api/accounts/acct-a/invitations/{id}";
        var url = (await _api.SendAsync("GET", basePath + "/link", token: admin)).Json.GetProperty("url").GetString()!;
        var linkToken = Uri.UnescapeDataString(url.Split("token=")[1]);
        var invitee = _api.UserToken("race@example.com", "racer");

        var actions = new List<(string Kind, Func<Task<ApiResponse>> Run)>();
        for (var i = 0; i < 5; i++)
        {
            actions.Add(("copy", () => _api.SendAsync("GET", basePath + "/link", token: admin)));
            actions.Add(("resend", () => _api.SendAsync("POST", basePath + "/resend", token: admin)));
        }

        for (var i = 0; i < 4; i++)
        {
            actions.Add(("reissue", () => _api.SendAsync("POST", basePath + "/reissue", token: admin)));
        }

        for (var i = 0; i < 3; i++)
        {
            if (!withTerminalActions)
            {
                actions.Add(("copy", () => _api.SendAsync("GET", basePath + "/link", token: admin)));
                actions.Add(("resend", () => _api.SendAsync("POST", basePath + "/resend", token: admin)));
                continue;
            }

            actions.Add(("revoke", () => _api.SendAsync("POST", basePath + "/revoke", token: admin)));
            actions.Add(("accept", () => _api.SendAsync("POST", "/api/invitations/accept", new { token = linkToken }, invitee)));
        }

        Assert.Equal(20, actions.Count);
        var shuffled = actions.OrderBy(_ => Random.Shared.Next()).ToList();
        var results = await Task.WhenAll(shuffled.Select(async a => (a.Kind, Response: await Task.Run(a.Run))));

        output.WriteLine(string.Join(", ", results.GroupBy(r => $"{r.Kind} {r.Response.Status} {r.Response.ProblemCode}").OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}")));

        // Every answer is a success or a clear 409; never a 5xx.
        Assert.All(results, r => Assert.True(
            r.Response.Status is 200 or 202 || (r.Response.Status == 409 && r.Response.ProblemCode is not null),
            $"{r.Kind}: {r.Response}"));

        var final = (await _api.SendAsync("GET", basePath, token: admin)).Json;
        var history = (await _api.SendAsync("GET", basePath + "/history", token: admin)).Json
            .GetProperty("items").EnumerateArray().Select(e => e.GetProperty("event").GetString()!).ToList();
        int Count(string kind) => results.Count(r => r.Kind == kind && r.Response.Status is 200 or 202);

        // History tells exactly what the successful answers said (no lost update, nothing twice). Copies are audit
        // rows folded per admin and 5-minute window (the clock is fake, so all of them fall in one) and never conflict.
        Assert.Equal(1, history.Count(e => e == "link-copied"));
        Assert.All(results.Where(r => r.Kind == "copy"), r => Assert.NotEqual("conflict", r.Response.ProblemCode));
        Assert.Equal(Count("resend"), history.Count(e => e == "resent"));
        Assert.Equal(Count("reissue"), history.Count(e => e == "reissued"));
        Assert.Equal(1 + Count("reissue"), final.GetProperty("linkVersion").GetInt32());
        Assert.Equal(1 + Count("resend") + Count("reissue"), history.Count(e => e == "email-queued"));

        // One terminal outcome at most, and nothing after it.
        var terminal = history.Where(e => e is "accepted" or "revoked").ToList();
        Assert.True(terminal.Count <= 1, string.Join(",", history));
        var status = final.GetProperty("status").GetString();
        if (terminal.Count == 1)
        {
            Assert.Equal(terminal[0], status);
            Assert.Equal(terminal[0], history.First(e => e != "link-copied")); // newest first; copies are audit rows, not changes
            Assert.Equal(0, Count(terminal[0] == "accepted" ? "revoke" : "accept"));
        }
        else
        {
            Assert.Equal("pending", status);
        }

        // The current send has its email job on the queue.
        var jobs = await _api.EmailJobsAsync();
        var current = (final.GetProperty("linkVersion").GetInt32(), final.GetProperty("sendNumber").GetInt32());
        Assert.Contains(jobs, j => (j.GetProperty("linkVersion").GetInt32(), j.GetProperty("sendNumber").GetInt32()) == current);
    }
}
