using System.Net;
using System.Text.Json;
using Invitations.Security;
using Invitations.TestSupport;
using Microsoft.Extensions.Logging;

namespace Invitations.Tests.Expiry;

/// <summary>
/// End to end: the built app on the local host (real HTTP, real clock, real timer), a lifetime of a
/// few seconds and a 1-second sweep schedule. Nobody calls the sweep; the timer does.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class ExpiryEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private AppOnLocalHost _app = null!;

    public async Task InitializeAsync()
    {
        var options = AppOnLocalHost.Options(azurite, "e2e");
        options.Settings["Invitations__Lifetime"] = "00:00:03";
        options.Settings["ExpirySweepSchedule"] = "* * * * * *";
        _app = await AppOnLocalHost.StartAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task An_invitation_expires_durably_without_a_manual_call_and_the_run_is_visible_to_ops()
    {
        var admin = DevelopmentTokens.MintDemoAdmin(_app.Configuration);
        var ops = DevelopmentTokens.Mint(_app.Configuration, new DevelopmentTokenRequest
        {
            UserId = "ops-1", Name = "Ops", Roles = [_app.Configuration["Auth:OpsRole"] ?? "Invitations.Ops"],
        });
        const string invitations = "accounts/demo/invitations";

        var (created, invitation, _) = await _app.CallAsync(HttpMethod.Post, invitations, admin, new { email = "late@example.com" });
        Assert.Equal(HttpStatusCode.Created, created);
        var id = invitation.GetProperty("id").GetString()!;

        // The sweep's own trace: an "expired" entry in the history (reads alone would show expired without it).
        var history = await EventuallyAsync(async () =>
        {
            var (status, body, _) = await _app.CallAsync(HttpMethod.Get, $"{invitations}/{id}/history", admin);
            Assert.Equal(HttpStatusCode.OK, status);
            return body.GetProperty("items").EnumerateArray().Any(e => e.GetProperty("event").GetString() == "expired") ? (object)body : null;
        }, "the expired history entry");
        Assert.NotNull(history);

        var (getStatus, got, _) = await _app.CallAsync(HttpMethod.Get, $"{invitations}/{id}", admin);
        Assert.Equal((HttpStatusCode.OK, "expired"), (getStatus, got.GetProperty("status").GetString()));
        var (listStatus, list, _) = await _app.CallAsync(HttpMethod.Get, $"{invitations}?status=expired", admin);
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Contains(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == id);

        var run = await EventuallyAsync(async () =>
        {
            var (status, page, _) = await _app.CallAsync(HttpMethod.Get, "ops/expiry-runs?pageSize=100", ops);
            Assert.Equal(HttpStatusCode.OK, status);
            return page.GetProperty("items").EnumerateArray()
                .Where(r => r.GetProperty("expired").GetInt32() >= 1)
                .Select(r => (object?)r)
                .FirstOrDefault();
        }, "a run record that expired the invitation");
        var record = (JsonElement)run;
        Assert.Equal("schedule", record.GetProperty("trigger").GetString());
        Assert.Equal("succeeded", record.GetProperty("outcome").GetString());

        var (one, single, _) = await _app.CallAsync(HttpMethod.Get, "ops/expiry-runs/" + record.GetProperty("id").GetString(), ops);
        Assert.Equal((HttpStatusCode.OK, 1), (one, single.GetProperty("expired").GetInt32()));
        var (forbidden, _, _) = await _app.CallAsync(HttpMethod.Get, "ops/expiry-runs", admin);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
    }
}
