using System.Net;
using Invitations.Security;
using Invitations.TestSupport;
using Invitations.TestSupport.Acs;
using Invitations.Tests.Api;
using Microsoft.Extensions.Logging;

namespace Invitations.Tests.Limits;

/// <summary>
/// The per-invitation limit tried as a hostile admin or a buggy portal would: the loop of issue 10 over real HTTP with
/// the real email consumer, and parallel presses over the API harness.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class InvitationEmailLimitTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private AcsTestServer _acs = null!;

    public async Task InitializeAsync() => _acs = await AcsTestServer.StartAsync();

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    [Fact]
    public async Task The_send_new_plus_resend_loop_delivers_at_most_six_emails_to_the_address()
    {
        var options = AppOnLocalHost.Options(azurite, "loop");
        options.Settings["Email__ConnectionString"] = _acs.ConnectionString;
        options.Settings["Email__SenderAddress"] = "noreply@invitations.test";
        await using var app = await AppOnLocalHost.StartAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning));
        var admin = DevelopmentTokens.MintDemoAdmin(app.Configuration);
        var (status, created, _) = await app.CallAsync(HttpMethod.Post, "accounts/demo/invitations", admin, new { email = "target@example.com" });
        Assert.Equal(HttpStatusCode.Created, status);
        var path = $"accounts/demo/invitations/{created.GetProperty("id").GetString()}";

        // Eight rounds of one new invitation plus six resends (it sent 39 to 44 emails before the limit).
        var accepted = 0;
        var refused = 0;
        for (var round = 0; round < 8; round++)
        {
            foreach (var action in new[] { "reissue" }.Concat(Enumerable.Repeat("resend", 6)))
            {
                var (answer, body, _) = await app.CallAsync(HttpMethod.Post, $"{path}/{action}", admin);
                if (answer == HttpStatusCode.Accepted)
                {
                    accepted++;
                }
                else
                {
                    Assert.Equal((HttpStatusCode.Conflict, "urn:invitations:problem:invitation-email-limit-reached"), (answer, body.GetProperty("type").GetString()));
                    refused++;
                }
            }
        }

        Assert.Equal(5, accepted); // the first email was the sixth
        Assert.Equal(51, refused);
        await _acs.WaitForEmailsAsync(6, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2)); // anything late would show now
        Assert.InRange(_acs.Emails.Count(e => string.Equals(e.ToAddress, "target@example.com", StringComparison.OrdinalIgnoreCase)), 1, 6);
        Assert.True(_acs.EmailCount <= 6, $"{_acs.EmailCount} emails were sent");
    }

    [Fact]
    public async Task Thirty_parallel_resend_and_send_new_presses_never_get_past_the_limit()
    {
        using var api = new ApiHarness(azurite);
        var admin = api.AdminToken();
        var created = await api.SendAsync("POST", "/api/accounts/acct-a/invitations", new { email = "presses@example.com" }, admin);
        var basePath = $"/api/accounts/acct-a/invitations/{created.Json.GetProperty("id").GetString()}";

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            api.SendAsync("POST", $"{basePath}/{(i % 3 == 0 ? "reissue" : "resend")}", token: admin)));

        var accepted = answers.Count(a => a.Status == 202);
        Assert.All(answers.Where(a => a.Status != 202), a => Assert.Equal(409, a.Status));
        Assert.Contains(answers, a => a.ProblemCode == "invitation-email-limit-reached");
        Assert.InRange(accepted, 1, 5);
        var history = await api.SendAsync("GET", $"{basePath}/history", token: admin);
        var queued = history.Json.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("event").GetString() == "email-queued");
        Assert.Equal(1 + accepted, queued);
        Assert.True(queued <= 6, $"{queued} emails were queued");
    }
}
