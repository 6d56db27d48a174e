using System.Net;
using System.Text.Json;
using Invitations.Security;
using Invitations.TestSupport;
using Microsoft.Extensions.Logging;

namespace Invitations.Tests.Api;

/// <summary>
/// The seed flow end to end over real HTTP: the built Functions app on the local host (Kestrel on 127.0.0.1),
/// Azurite, the real clock, and an invitation lifetime of a few seconds.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class LocalHostSeedFlowTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private AppOnLocalHost _app = null!;

    public async Task InitializeAsync()
    {
        var options = AppOnLocalHost.Options(azurite, "seed");
        options.Settings["Invitations__Lifetime"] = Lifetime.ToString();
        _app = await AppOnLocalHost.StartAsync(options, logging => logging.ClearProviders().AddFakeLogging().SetMinimumLevel(LogLevel.Debug));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string Code(JsonElement problem) => problem.GetProperty("type").GetString()!.Replace("urn:invitations:problem:", "", StringComparison.Ordinal);

    [Fact]
    public async Task Seed_flow_over_http()
    {
        var admin = DevelopmentTokens.MintDemoAdmin(_app.Configuration);
        var invitee = DevelopmentTokens.Mint(_app.Configuration, new DevelopmentTokenRequest { UserId = "ana", Name = "Ana", Email = "ana@example.com" });
        const string invitations = "accounts/demo/invitations";

        // 1. invite
        var (status, created, response) = await _app.CallAsync(HttpMethod.Post, invitations, admin, new { email = "Ana@Example.com", displayName = "Ana" });
        Assert.Equal(HttpStatusCode.Created, status);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal($"/api/accounts/demo/invitations/{id}", response.Headers.Location?.OriginalString);
        var expiresAt = created.GetProperty("expiresAt").GetDateTimeOffset();

        // 2. copy link
        var (copyStatus, link, _) = await _app.CallAsync(HttpMethod.Get, $"{invitations}/{id}/link", admin);
        Assert.Equal(HttpStatusCode.OK, copyStatus);
        var firstToken = Uri.UnescapeDataString(link.GetProperty("url").GetString()!.Split("token=")[1]);

        // 3. resend keeps the same link and expiry
        var (resendStatus, resent, _) = await _app.CallAsync(HttpMethod.Post, $"{invitations}/{id}/resend", admin);
        Assert.Equal(HttpStatusCode.Accepted, resendStatus);
        Assert.Equal(expiresAt, resent.GetProperty("invitation").GetProperty("expiresAt").GetDateTimeOffset());
        var (_, linkAgain, _) = await _app.CallAsync(HttpMethod.Get, $"{invitations}/{id}/link", admin);
        Assert.Equal(link.GetProperty("url").GetString(), linkAgain.GetProperty("url").GetString());

        // 4. the lifetime passes
        var wait = expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        // 5. copy link and resend are refused as expired
        var (expiredCopy, copyProblem, copyResponse) = await _app.CallAsync(HttpMethod.Get, $"{invitations}/{id}/link", admin);
        var (expiredResend, resendProblem, _) = await _app.CallAsync(HttpMethod.Post, $"{invitations}/{id}/resend", admin);
        Assert.Equal((HttpStatusCode.Conflict, "invitation-expired"), (expiredCopy, Code(copyProblem)));
        Assert.Equal("application/problem+json", copyResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal((HttpStatusCode.Conflict, "invitation-expired"), (expiredResend, Code(resendProblem)));

        // 6. send new invitation
        var (reissueStatus, reissued, _) = await _app.CallAsync(HttpMethod.Post, $"{invitations}/{id}/reissue", admin);
        Assert.Equal(HttpStatusCode.Accepted, reissueStatus);
        Assert.StartsWith("A new invitation email to Ana@Example.com is queued.", reissued.GetProperty("message").GetString(), StringComparison.Ordinal);
        var (_, newLink, _) = await _app.CallAsync(HttpMethod.Get, $"{invitations}/{id}/link", admin);
        var newToken = Uri.UnescapeDataString(newLink.GetProperty("url").GetString()!.Split("token=")[1]);

        // 7. the old link is refused as superseded
        var (oldStatus, oldProblem, _) = await _app.CallAsync(HttpMethod.Get, "invitations/" + Uri.EscapeDataString(firstToken));
        Assert.Equal((HttpStatusCode.Conflict, "invitation-superseded"), (oldStatus, Code(oldProblem)));

        // 8. the new link previews and is accepted
        var (previewStatus, preview, _) = await _app.CallAsync(HttpMethod.Get, "invitations/" + Uri.EscapeDataString(newToken));
        Assert.Equal(HttpStatusCode.OK, previewStatus);
        Assert.Equal(("Demo Account", "pending"), (preview.GetProperty("accountName").GetString(), preview.GetProperty("status").GetString()));
        var (acceptStatus, accepted, _) = await _app.CallAsync(HttpMethod.Post, "invitations/accept", invitee, new { token = newToken });
        Assert.Equal(HttpStatusCode.OK, acceptStatus);
        Assert.Equal("accepted", accepted.GetProperty("status").GetString());

        // 9. status accepted, history has every step
        var (_, final, _) = await _app.CallAsync(HttpMethod.Get, $"{invitations}/{id}", admin);
        Assert.Equal("accepted", final.GetProperty("status").GetString());
        var (_, history, _) = await _app.CallAsync(HttpMethod.Get, $"{invitations}/{id}/history", admin);
        var events = history.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("event").GetString()).ToList();
        Assert.Equal(
            ["accepted", "email-queued", "reissued", "email-queued", "resent", "email-queued", "created"],
            // Newest first. The queue trigger sends the emails meanwhile: its email-sent entries land asynchronously, so
            // they are left out here; link copies fold per admin and 5-minute window.
            events.Where(e => e is not ("email-sent" or "email-failed" or "link-copied")));
        Assert.InRange(events.Count(e => e == "link-copied"), 1, 3);

        // No link token, bearer token or signing key in any log line (message, state or exception).
        var secrets = new[] { firstToken, newToken, admin, invitee, _app.Configuration["Auth:DevelopmentSigningKey"]!, _app.Configuration["LinkSigning:Keys:local-1"]! };
        var logs = _app.Host.Services.GetFakeLogCollector().GetSnapshot();
        Assert.NotEmpty(logs);
        foreach (var record in logs)
        {
            var text = record.Message + " " + record.Exception + " " + string.Join(" ", record.StructuredState?.Select(p => p.Value) ?? []);
            Assert.DoesNotContain(secrets, secret => text.Contains(secret, StringComparison.Ordinal));
        }
    }
}
