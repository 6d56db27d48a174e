using System.Text.Json;
using System.Text.RegularExpressions;
using Invitations.Security;
using Invitations.TestSupport;

namespace Invitations.Tests.Api;

/// <summary>The small HTTP promises a generated client relies on: problem instances, time format, last-page marker.</summary>
[Collection(AzuriteTests.Name)]
public sealed partial class HttpDetailsApiTests(AzuriteFixture azurite) : IDisposable
{
    private readonly ApiHarness _api = new(azurite);

    public void Dispose() => _api.Dispose();

    private string OpsToken() =>
        _api.Mint(new DevelopmentTokenRequest { UserId = "ops-1", Name = "Ops", Email = "ops@example.com", Roles = ["Invitations.Ops"] });

    [Fact]
    public async Task The_previews_problem_instance_is_a_valid_uri_reference_without_the_token()
    {
        const string token = "v1.not-a-real-token.AAAA";

        var response = await _api.SendAsync("GET", "/api/invitations/" + Uri.EscapeDataString(token));

        Assert.Equal((404, "invalid-token"), (response.Status, response.ProblemCode));
        var instance = response.Json.GetProperty("instance").GetString()!;
        Assert.Matches(UriReferencePath(), instance);
        Assert.DoesNotContain("not-a-real-token", instance, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-real-token", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expiry_run_times_are_utc_with_a_z_like_every_other_time()
    {
        var started = await _api.SendAsync("POST", "/api/ops/expiry-runs", token: OpsToken());
        var listed = await _api.SendAsync("GET", "/api/ops/expiry-runs", token: OpsToken());

        Assert.Equal(201, started.Status);
        var run = started.Json.GetProperty("run");
        Assert.EndsWith("Z", run.GetProperty("startedAt").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Z", run.GetProperty("endedAt").GetString(), StringComparison.Ordinal);
        var item = Assert.Single(listed.Json.GetProperty("items").EnumerateArray());
        Assert.EndsWith("Z", item.GetProperty("startedAt").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("+00:00", listed.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_lists_mark_their_last_page_with_a_null_continuation_token()
    {
        Assert.Equal(201, (await _api.SendAsync("POST", "/api/accounts/acct-a/invitations", new { email = "last@example.com" }, _api.AdminToken())).Status);
        Assert.Equal(201, (await _api.SendAsync("POST", "/api/ops/expiry-runs", token: OpsToken())).Status);

        var invitations = await _api.SendAsync("GET", "/api/accounts/acct-a/invitations", token: _api.AdminToken());
        var runs = await _api.SendAsync("GET", "/api/ops/expiry-runs", token: OpsToken());

        foreach (var page in new[] { invitations, runs })
        {
            Assert.Equal(200, page.Status);
            Assert.True(page.Json.TryGetProperty("continuationToken", out var next), "the last page says so: " + page.Body);
            Assert.Equal(JsonValueKind.Null, next.ValueKind);
        }
    }

    /// <summary>An RFC 3986 absolute path: unreserved, sub-delims, ':' '@' '/' and percent-encoded octets only.</summary>
    [GeneratedRegex(@"^/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$")]
    private static partial Regex UriReferencePath();
}
