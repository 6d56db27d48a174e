using Invitations.TestSupport;

namespace Invitations.Tests.Api;

/// <summary>
/// <c>X-Content-Type-Options: nosniff</c> on every answer, problems included; <c>Referrer-Policy: no-referrer</c> where
/// the URL holds a secret (the preview's link token), so a page that loads the preview cannot leak the link.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class SecurityHeadersApiTests(AzuriteFixture azurite) : IDisposable
{
    private readonly ApiHarness _api = new(azurite);

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task The_preview_answers_nosniff_and_no_referrer_whether_it_succeeds_or_not()
    {
        var admin = _api.AdminToken();
        var created = await _api.SendAsync("POST", "/api/accounts/acct-a/invitations", new { email = "ana@example.com" }, admin);
        var id = created.Json.GetProperty("id").GetString();
        var copy = await _api.SendAsync("GET", $"/api/accounts/acct-a/invitations/{id}/link", token: admin);
        var token = copy.Json.GetProperty("url").GetString()!.Split("token=")[1];

        var preview = await _api.SendAsync("GET", "/api/invitations/" + token);
        var badToken = await _api.SendAsync("GET", "/api/invitations/not-a-token");

        Assert.Equal(200, preview.Status);
        Assert.Equal(404, badToken.Status);
        foreach (var answer in new[] { preview, badToken })
        {
            Assert.Equal("nosniff", answer.Header("X-Content-Type-Options"));
            Assert.Equal("no-referrer", answer.Header("Referrer-Policy"));
        }
    }

    [Theory]
    [InlineData("POST", "/api/accounts/acct-a/invitations", "{\"email\":\"ana@example.com\"}", true)] // 201
    [InlineData("GET", "/api/accounts/acct-a/invitations", null, true)] // 200
    [InlineData("POST", "/api/accounts/acct-a/invitations", "{\"email\":", true)] // 400 problem
    [InlineData("GET", "/api/accounts/acct-a/invitations", null, false)] // 401 problem
    [InlineData("GET", "/api/accounts/acct-a/invitations/7d1e3c0e-1111-4c4c-9d9d-222233334444", null, true)] // 404 problem
    [InlineData("GET", "/api/ops/expiry-runs", null, true)] // 403 problem
    [InlineData("GET", "/api/health", null, false)]
    public async Task Every_other_answer_is_nosniff_without_a_referrer_policy(string method, string path, string? body, bool authenticated)
    {
        var answer = await _api.SendAsync(method, path, body, authenticated ? _api.AdminToken() : null);

        Assert.Equal("nosniff", answer.Header("X-Content-Type-Options"));
        Assert.Null(answer.Header("Referrer-Policy"));
    }
}
