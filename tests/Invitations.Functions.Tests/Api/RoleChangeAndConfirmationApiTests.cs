using System.Text.Json;
using Invitations.TestSupport;

namespace Invitations.Tests.Api;

/// <summary>PATCH role over Azurite, and the confirmation every action answers with (code, parameters, English or Dutch).</summary>
[Collection(AzuriteTests.Name)]
public sealed class RoleChangeAndConfirmationApiTests(AzuriteFixture azurite) : IDisposable
{
    private const string Invitations = "/api/accounts/acct-a/invitations";
    private readonly ApiHarness _api = new(azurite);

    public void Dispose() => _api.Dispose();

    private string Admin => _api.AdminToken();

    private static Dictionary<string, string> Dutch => new() { ["Accept-Language"] = "nl" };

    private async Task<string> CreateAsync(string email)
    {
        var created = await _api.SendAsync("POST", Invitations, new { email }, Admin);
        Assert.Equal(201, created.Status);
        return created.Json.GetProperty("id").GetString()!;
    }

    private Task<ApiResponse> PatchAsync(string id, object body, IDictionary<string, string>? headers = null) =>
        _api.SendAsync("PATCH", $"{Invitations}/{id}", body, Admin, headers);

    private async Task<List<string>> HistoryAsync(string id) =>
        [.. (await _api.SendAsync("GET", $"{Invitations}/{id}/history", token: Admin)).Json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("event").GetString()!)];

    [Fact]
    public async Task A_pending_invitations_role_changes_with_a_history_entry_and_no_email()
    {
        var id = await CreateAsync("role@example.com");
        var jobs = (await _api.EmailJobsAsync()).Count;

        var response = await PatchAsync(id, new { role = "admin" });

        Assert.Equal(200, response.Status);
        Assert.Equal(("admin", "pending"), (response.Json.GetProperty("role").GetString(), response.Json.GetProperty("status").GetString()));
        var confirmation = response.Json.GetProperty("confirmation");
        Assert.Equal("invitation-role-changed", confirmation.GetProperty("messageCode").GetString());
        Assert.Equal("admin", confirmation.GetProperty("parameters").GetProperty("role").GetString());
        Assert.Equal("admin", (await _api.SendAsync("GET", $"{Invitations}/{id}", token: Admin)).Json.GetProperty("role").GetString());
        Assert.Contains("role-changed", await HistoryAsync(id));
        Assert.Equal(jobs, (await _api.EmailJobsAsync()).Count);
    }

    [Fact]
    public async Task An_expired_invitations_role_changes_too()
    {
        var id = await CreateAsync("late@example.com");
        _api.Time.Advance(TimeSpan.FromDays(8));

        var response = await PatchAsync(id, new { role = "admin" });

        Assert.Equal((200, "expired", "admin"), (response.Status, response.Json.GetProperty("status").GetString(), response.Json.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task An_accepted_invitations_role_is_a_409_and_a_revoked_ones_too()
    {
        var accepted = await CreateAsync("accepted@example.com");
        var url = (await _api.SendAsync("GET", $"{Invitations}/{accepted}/link", token: Admin)).Json.GetProperty("url").GetString()!;
        var token = Uri.UnescapeDataString(url.Split("token=")[1]);
        Assert.Equal(200, (await _api.SendAsync("POST", "/api/invitations/accept", new { token }, _api.UserToken("accepted@example.com"))).Status);
        var revoked = await CreateAsync("revoked@example.com");
        Assert.Equal(200, (await _api.SendAsync("POST", $"{Invitations}/{revoked}/revoke", token: Admin)).Status);
        var before = await _api.SnapshotAsync();

        var onAccepted = await PatchAsync(accepted, new { role = "admin" });
        var onRevoked = await PatchAsync(revoked, new { role = "admin" });

        Assert.Equal((409, "invitation-accepted"), (onAccepted.Status, onAccepted.ProblemCode));
        Assert.Equal((409, "invitation-revoked"), (onRevoked.Status, onRevoked.ProblemCode));
        (await _api.SnapshotAsync()).AssertSameAs(before, "refused role changes");
    }

    [Theory]
    [InlineData("""{"role":"owner"}""", "role")]
    [InlineData("""{}""", "role")]
    [InlineData("""{"role":"admin","email":"x@example.com"}""", "email")]
    [InlineData("""{"role":7}""", "role")]
    public async Task A_bad_role_body_is_a_400_and_changes_nothing(string body, string field)
    {
        var id = await CreateAsync("bad-role@example.com");
        var before = await _api.SnapshotAsync();

        var response = await PatchAsync(id, body);

        Assert.Equal((400, "validation-failed"), (response.Status, response.ProblemCode));
        Assert.True(response.Json.GetProperty("errors").TryGetProperty(field, out _), response.Body);
        (await _api.SnapshotAsync()).AssertSameAs(before, "a bad role body");
    }

    [Fact]
    public async Task The_same_role_again_changes_nothing_and_says_so()
    {
        var id = await CreateAsync("same@example.com");
        var before = await _api.SnapshotAsync();

        var response = await PatchAsync(id, new { role = "MEMBER" });

        Assert.Equal((200, "invitation-role-unchanged"), (response.Status, response.Json.GetProperty("confirmation").GetProperty("messageCode").GetString()));
        (await _api.SnapshotAsync()).AssertSameAs(before, "the same role");
    }

    [Fact]
    public async Task An_unknown_invitation_is_a_404()
    {
        var response = await PatchAsync(Guid.NewGuid().ToString(), new { role = "admin" });

        Assert.Equal((404, "not-found"), (response.Status, response.ProblemCode));
    }

    [Fact]
    public async Task Every_action_confirms_with_a_stable_code_its_parameters_and_a_truthful_text()
    {
        var created = await _api.SendAsync("POST", Invitations, new { email = "ana@example.com" }, Admin);
        var id = created.Json.GetProperty("id").GetString()!;
        var resent = await _api.SendAsync("POST", $"{Invitations}/{id}/resend", token: Admin);
        var reissued = await _api.SendAsync("POST", $"{Invitations}/{id}/reissue", token: Admin);
        var role = await PatchAsync(id, new { role = "admin" });
        var revoked = await _api.SendAsync("POST", $"{Invitations}/{id}/revoke", token: Admin);
        var again = await _api.SendAsync("POST", $"{Invitations}/{id}/revoke", token: Admin);

        var confirmations = new[] { created, resent, reissued, role, revoked, again }.Select(r => r.Json.GetProperty("confirmation")).ToList();
        Assert.Equal(
            ["invitation-created", "invitation-resent", "invitation-reissued", "invitation-role-changed", "invitation-revoked", "invitation-already-revoked"],
            confirmations.Select(c => c.GetProperty("messageCode").GetString()));
        Assert.All(confirmations, c => Assert.Equal("ana@example.com", c.GetProperty("parameters").GetProperty("email").GetString()));
        Assert.All(confirmations.Take(3), c => Assert.Contains("queued", c.GetProperty("message").GetString(), StringComparison.Ordinal));
        Assert.All(confirmations, c => Assert.DoesNotContain("sent to", c.GetProperty("message").GetString(), StringComparison.Ordinal));
        Assert.Equal(reissued.Json.GetProperty("invitation").GetProperty("expiresAt").GetString(), confirmations[2].GetProperty("parameters").GetProperty("expiresAt").GetString());
        Assert.Equal(confirmations[1].GetProperty("message").GetString(), resent.Json.GetProperty("message").GetString());
        Assert.Equal("en", created.Header("Content-Language"));
        Assert.False((await _api.SendAsync("GET", $"{Invitations}/{id}", token: Admin)).Json.TryGetProperty("confirmation", out _), "plain reads carry no confirmation");
    }

    [Fact]
    public async Task Confirmations_are_dutch_when_the_admin_asks_for_dutch()
    {
        var created = await _api.SendAsync("POST", Invitations, new { email = "nl@example.com" }, Admin, Dutch);
        var id = created.Json.GetProperty("id").GetString()!;
        var resent = await _api.SendAsync("POST", $"{Invitations}/{id}/resend", token: Admin, headers: Dutch);

        Assert.Equal(("nl", "nl"), (created.Header("Content-Language"), created.Json.GetProperty("confirmation").GetProperty("language").GetString()));
        Assert.StartsWith("Uitnodiging aangemaakt.", created.Json.GetProperty("confirmation").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("in de wachtrij", resent.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("Accept-Language", resent.Header("Vary"));
    }

    [Fact]
    public async Task A_replayed_create_confirms_in_the_language_of_the_replay()
    {
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "create-once-1" };
        var first = await _api.SendAsync("POST", Invitations, new { email = "replay@example.com" }, Admin, key);
        var replay = await _api.SendAsync("POST", Invitations, new { email = "replay@example.com" }, Admin, new Dictionary<string, string>(key) { ["Accept-Language"] = "nl" });

        Assert.Equal(first.Json.GetProperty("id").GetString(), replay.Json.GetProperty("id").GetString());
        Assert.Equal(("en", "nl"), (first.Json.GetProperty("confirmation").GetProperty("language").GetString(), replay.Json.GetProperty("confirmation").GetProperty("language").GetString()));
        Assert.Equal(JsonValueKind.Object, replay.Json.GetProperty("confirmation").ValueKind);
    }
}
