using Invitations.Security;
using Invitations.TestSupport;
using Microsoft.Extensions.Options;

namespace Invitations.Tests.Api;

/// <summary>Authentication, authorization and account isolation at the HTTP boundary.</summary>
[Collection(AzuriteTests.Name)]
public sealed class SecurityApiTests(AzuriteFixture azurite) : IDisposable
{
    private readonly ApiHarness _api = new(azurite);

    public void Dispose() => _api.Dispose();

    private static IEnumerable<(string Method, string Path)> AdminRoutes(string account, string id) =>
    [
        ("POST", $"/api/accounts/{account}/invitations"),
        ("GET", $"/api/accounts/{account}/invitations"),
        ("GET", $"/api/accounts/{account}/invitations/{id}"),
        ("GET", $"/api/accounts/{account}/invitations/{id}/link"),
        ("POST", $"/api/accounts/{account}/invitations/{id}/resend"),
        ("POST", $"/api/accounts/{account}/invitations/{id}/reissue"),
        ("POST", $"/api/accounts/{account}/invitations/{id}/revoke"),
        ("GET", $"/api/accounts/{account}/invitations/{id}/history"),
    ];

    private async Task<string> CreateAsync(string account, string email)
    {
        var response = await _api.SendAsync("POST", $"/api/accounts/{account}/invitations", new { email }, _api.AdminToken(account));
        Assert.Equal(201, response.Status);
        return response.Json.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Every_admin_route_answers_401_with_a_bearer_challenge_without_a_valid_token()
    {
        var id = await CreateAsync("acct-a", "x@example.com");
        var expired = _api.AdminToken();
        _api.Time.Advance(TimeSpan.FromDays(1));
        var before = await _api.SnapshotAsync();

        foreach (var (method, path) in AdminRoutes("acct-a", id))
        {
            var none = await _api.SendAsync(method, path, method == "POST" ? new { email = "y@example.com" } : null);
            var garbage = await _api.SendAsync(method, path, method == "POST" ? new { email = "y@example.com" } : null, "not-a-jwt");
            var old = await _api.SendAsync(method, path, method == "POST" ? new { email = "y@example.com" } : null, expired);

            Assert.Equal((401, "unauthorized"), (none.Status, none.ProblemCode));
            Assert.Equal("Bearer", none.Header("WWW-Authenticate"));
            Assert.Equal((401, "Bearer error=\"invalid_token\""), (garbage.Status, garbage.Header("WWW-Authenticate")));
            Assert.Equal(401, old.Status);
        }

        (await _api.SnapshotAsync()).AssertSameAs(before, "401s");
    }

    [Fact]
    public async Task Wrong_role_or_account_is_403_on_every_admin_route()
    {
        var id = await CreateAsync("acct-a", "x@example.com");
        var otherAccount = _api.AdminToken("acct-b");
        var noRole = _api.Mint(new DevelopmentTokenRequest { UserId = "u", Accounts = ["acct-a"], Roles = ["Invitations.Ops"] });
        var invitee = _api.UserToken("x@example.com");
        var before = await _api.SnapshotAsync();

        foreach (var (method, path) in AdminRoutes("acct-a", id))
        {
            foreach (var token in new[] { otherAccount, noRole, invitee })
            {
                var response = await _api.SendAsync(method, path, method == "POST" ? new { email = "y@example.com" } : null, token);
                Assert.True(response.Status == 403 && response.ProblemCode == "forbidden", $"{method} {path}: {response}");
                Assert.DoesNotContain("x@example.com", response.Body, StringComparison.Ordinal);
            }
        }

        (await _api.SnapshotAsync()).AssertSameAs(before, "403s");
    }

    [Fact]
    public async Task Another_accounts_invitation_ids_are_404_and_leak_nothing()
    {
        var theirs = await CreateAsync("acct-a", "secret-person@example.com");
        await CreateAsync("acct-b", "mine@example.com");
        var before = await _api.SnapshotAsync();

        foreach (var (method, path) in AdminRoutes("acct-b", theirs).Skip(2))
        {
            var response = await _api.SendAsync(method, path, token: _api.AdminToken("acct-b"));
            Assert.True(response.Status == 404 && response.ProblemCode == "not-found", $"{method} {path}: {response}");
            Assert.DoesNotContain("secret-person", response.Body, StringComparison.Ordinal);
        }

        var list = await _api.SendAsync("GET", "/api/accounts/acct-b/invitations", token: _api.AdminToken("acct-b"));
        Assert.DoesNotContain("secret-person", list.Body, StringComparison.Ordinal);
        (await _api.SnapshotAsync()).AssertSameAs(before, "cross-account 404s");
    }

    [Fact]
    public async Task An_admin_of_several_accounts_works_in_each()
    {
        var token = _api.Mint(new DevelopmentTokenRequest { UserId = "multi", Roles = ["Invitations.Admin"], Accounts = ["acct-a", "acct-b"] });

        var a = await _api.SendAsync("POST", "/api/accounts/acct-a/invitations", new { email = "m@example.com" }, token);
        var b = await _api.SendAsync("POST", "/api/accounts/acct-b/invitations", new { email = "m@example.com" }, token);

        Assert.Equal((201, 201), (a.Status, b.Status));
    }

    [Fact]
    public void Entra_mode_with_a_development_key_does_not_start()
    {
        using var api = new ApiHarness(azurite, new Dictionary<string, string?>
        {
            ["Auth__Mode"] = "Entra",
            ["Auth__Authority"] = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0",
        });

        var failure = Assert.Throws<OptionsValidationException>(api.ValidateOptions);
        Assert.Contains("DevelopmentSigningKey is refused", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiHarness.DevKey, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Development_mode_does_not_start_on_azure_app_service()
    {
        using var api = new ApiHarness(azurite, new Dictionary<string, string?> { ["WEBSITE_SITE_NAME"] = "invitations-prod" });

        var failure = Assert.Throws<OptionsValidationException>(api.ValidateOptions);
        Assert.Contains("Auth__Mode=Development is refused on Azure", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Development_settings_start()
    {
        _api.ValidateOptions();
    }
}
