using System.Text.Json;
using Invitations.TestSupport;

namespace Invitations.Tests.Api;

/// <summary>
/// The seed flow through the HTTP functions (the app on the local host's router, Azurite, a fake clock with a
/// lifetime of a few seconds): invite, copy, resend, lifetime passes, refused as expired, send new, old link
/// superseded, new link previews and is accepted, status accepted, history complete.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class SeedFlowTests(AzuriteFixture azurite) : IDisposable
{
    private readonly ApiHarness _api = new(azurite, new Dictionary<string, string?> { ["Invitations__Lifetime"] = "00:00:05" });

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task Invite_copy_resend_expire_send_new_and_accept()
    {
        var admin = _api.AdminToken();

        // 1. invite
        var created = await _api.SendAsync("POST", "/api/accounts/acct-a/invitations",
            new { email = "Ana.Lopez@Example.com", displayName = "Ana", role = "member", message = "Welcome aboard!" }, admin);
        Assert.Equal(201, created.Status);
        var id = created.Json.GetProperty("id").GetString();
        Assert.Equal($"/api/accounts/acct-a/invitations/{id}", created.Header("Location"));
        Assert.Equal("pending", created.Json.GetProperty("status").GetString());
        Assert.DoesNotContain("token", created.Body, StringComparison.OrdinalIgnoreCase);
        var job = Assert.Single(await _api.EmailJobsAsync());
        Assert.Equal("invitation", job.GetProperty("kind").GetString());
        Assert.Equal(id, job.GetProperty("invitationId").GetString());

        // 2. copy link
        var copy = await _api.SendAsync("GET", $"/api/accounts/acct-a/invitations/{id}/link", token: admin);
        Assert.Equal(200, copy.Status);
        var firstUrl = copy.Json.GetProperty("url").GetString()!;
        Assert.StartsWith("https://portal.example/invitations/accept?token=", firstUrl, StringComparison.Ordinal);
        var firstToken = Uri.UnescapeDataString(firstUrl.Split("token=")[1]);

        // 3. resend keeps the same link
        _api.Time.Advance(TimeSpan.FromSeconds(1));
        var resend = await _api.SendAsync("POST", $"/api/accounts/acct-a/invitations/{id}/resend", token: admin);
        Assert.Equal(202, resend.Status);
        Assert.Equal(created.Json.GetProperty("expiresAt").GetString(), resend.Json.GetProperty("invitation").GetProperty("expiresAt").GetString());
        var copyAgain = await _api.SendAsync("GET", $"/api/accounts/acct-a/invitations/{id}/link", token: admin);
        Assert.Equal(firstUrl, copyAgain.Json.GetProperty("url").GetString());
        var jobs = await _api.EmailJobsAsync();
        Assert.Equal(["invitation", "resend"], jobs.Select(j => j.GetProperty("kind").GetString()));
        Assert.Equal(2, jobs[1].GetProperty("sendNumber").GetInt32());

        // 4. the lifetime passes
        _api.Time.Advance(TimeSpan.FromSeconds(5));
        var read = await _api.SendAsync("GET", $"/api/accounts/acct-a/invitations/{id}", token: admin);
        Assert.Equal("expired", read.Json.GetProperty("status").GetString());

        // 5. copy and resend are refused as expired
        var expiredCopy = await _api.SendAsync("GET", $"/api/accounts/acct-a/invitations/{id}/link", token: admin);
        var expiredResend = await _api.SendAsync("POST", $"/api/accounts/acct-a/invitations/{id}/resend", token: admin);
        Assert.Equal((409, "invitation-expired"), (expiredCopy.Status, expiredCopy.ProblemCode));
        Assert.Equal((409, "invitation-expired"), (expiredResend.Status, expiredResend.ProblemCode));
        Assert.Equal(2, (await _api.EmailJobsAsync()).Count);

        // 6. send new invitation
        var reissue = await _api.SendAsync("POST", $"/api/accounts/acct-a/invitations/{id}/reissue", token: admin);
        Assert.Equal(202, reissue.Status);
        // Truthful: the email is queued when the answer leaves, not sent.
        Assert.StartsWith("A new invitation email to Ana.Lopez@Example.com is queued.", reissue.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("invitation-reissued", reissue.Json.GetProperty("confirmation").GetProperty("messageCode").GetString());
        Assert.Equal("pending", reissue.Json.GetProperty("invitation").GetProperty("status").GetString());
        Assert.Equal(2, reissue.Json.GetProperty("invitation").GetProperty("linkVersion").GetInt32());
        var reissueJob = (await _api.EmailJobsAsync()).Last();
        Assert.Equal(("reissue", 2, 1), (reissueJob.GetProperty("kind").GetString(), reissueJob.GetProperty("linkVersion").GetInt32(), reissueJob.GetProperty("sendNumber").GetInt32()));

        // 7. the old link is refused as superseded
        var oldPreview = await _api.SendAsync("GET", "/api/invitations/" + Uri.EscapeDataString(firstToken));
        Assert.Equal("invitation-superseded", oldPreview.ProblemCode);
        Assert.DoesNotContain(firstToken, oldPreview.Body, StringComparison.Ordinal);
        var invitee = _api.UserToken("ana.lopez@example.com", "user-ana");
        var oldAccept = await _api.SendAsync("POST", "/api/invitations/accept", new { token = firstToken }, invitee);
        Assert.Equal("invitation-superseded", oldAccept.ProblemCode);

        // 8. the new link previews and is accepted
        var newUrl = (await _api.SendAsync("GET", $"/api/accounts/acct-a/invitations/{id}/link", token: admin)).Json.GetProperty("url").GetString()!;
        Assert.NotEqual(firstUrl, newUrl);
        var newToken = Uri.UnescapeDataString(newUrl.Split("token=")[1]);
        var before = await _api.SnapshotAsync();
        var preview = await _api.SendAsync("GET", "/api/invitations/" + Uri.EscapeDataString(newToken));
        Assert.Equal(200, preview.Status);
        Assert.Equal(("Contoso", "Ada Admin", "pending"), (preview.Json.GetProperty("accountName").GetString(), preview.Json.GetProperty("invitedBy").GetString(), preview.Json.GetProperty("status").GetString()));
        (await _api.SnapshotAsync()).AssertSameAs(before, "a preview (GET) must not change state");
        var accept = await _api.SendAsync("POST", "/api/invitations/accept", new { token = newToken }, invitee);
        Assert.Equal(200, accept.Status);
        Assert.Equal("accepted", accept.Json.GetProperty("status").GetString());
        var acceptAgain = await _api.SendAsync("POST", "/api/invitations/accept", new { token = newToken }, invitee);
        Assert.Equal(200, acceptAgain.Status);

        // 9. status accepted, history complete
        var final = await _api.SendAsync("GET", $"/api/accounts/acct-a/invitations/{id}", token: admin);
        Assert.Equal("accepted", final.Json.GetProperty("status").GetString());
        var history = await _api.SendAsync("GET", $"/api/accounts/acct-a/invitations/{id}/history", token: admin);
        Assert.Equal(200, history.Status);
        var events = history.Json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("event").GetString()).ToList();
        // Newest first. Link copies are audit rows folded per admin and 5-minute window: this flow's three copies
        // fall in one window of the fake clock, so they are one entry.
        Assert.Equal(
            ["accepted", "email-queued", "reissued", "email-queued", "resent", "email-queued", "created"],
            events.Where(e => e != "link-copied"));
        Assert.Equal(1, events.Count(e => e == "link-copied"));
        Assert.All(history.Json.GetProperty("items").EnumerateArray(), e =>
        {
            Assert.False(string.IsNullOrEmpty(e.GetProperty("actor").GetProperty("id").GetString()));
            Assert.Equal(JsonValueKind.String, e.GetProperty("at").ValueKind);
        });
        Assert.DoesNotContain(newToken, history.Body, StringComparison.Ordinal);
    }
}
