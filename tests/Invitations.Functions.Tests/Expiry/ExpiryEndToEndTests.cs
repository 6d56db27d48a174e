using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Invitations.LocalHost;
using Invitations.Security;
using Invitations.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Invitations.Tests.Expiry;

/// <summary>
/// The end-to-end check: the built app on the local host (real HTTP, real clock, real timer), a lifetime of a
/// few seconds and a 1-second sweep schedule. Nobody calls the sweep; the timer does.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class ExpiryEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private LocalFunctionsHost _host = null!;
    private HttpClient _http = null!;
    private IConfiguration _configuration = null!;

    public async Task InitializeAsync()
    {
        var options = AppOnLocalHost.Options(azurite, "e2e");
        options.Settings["Invitations__Lifetime"] = "00:00:03";
        options.Settings["ExpirySweepSchedule"] = "* * * * * *";
        (_host, _http, _configuration) = await AppOnLocalHost.StartAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    public void Dispose() => _http.Dispose();

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

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
        var admin = DevelopmentTokens.MintDemoAdmin(_configuration);
        var ops = DevelopmentTokens.Mint(_configuration, new DevelopmentTokenRequest
        {
            UserId = "ops-1", Name = "Ops", Roles = [_configuration["Auth:OpsRole"] ?? "Invitations.Ops"],
        });
        const string invitations = "accounts/demo/invitations";

        var (created, invitation) = await CallAsync(HttpMethod.Post, invitations, admin, new { email = "late@example.com" });
        Assert.Equal(HttpStatusCode.Created, created);
        var id = invitation.GetProperty("id").GetString()!;

        // The sweep's own trace: an "expired" entry in the history (reads alone would show expired without it).
        var history = await EventuallyAsync(async () =>
        {
            var (status, body) = await CallAsync(HttpMethod.Get, $"{invitations}/{id}/history", admin);
            Assert.Equal(HttpStatusCode.OK, status);
            return body.GetProperty("items").EnumerateArray().Any(e => e.GetProperty("event").GetString() == "expired") ? (object)body : null;
        }, "the expired history entry");
        Assert.NotNull(history);

        var (getStatus, got) = await CallAsync(HttpMethod.Get, $"{invitations}/{id}", admin);
        Assert.Equal((HttpStatusCode.OK, "expired"), (getStatus, got.GetProperty("status").GetString()));
        var (listStatus, list) = await CallAsync(HttpMethod.Get, $"{invitations}?status=expired", admin);
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Contains(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == id);

        var run = await EventuallyAsync(async () =>
        {
            var (status, page) = await CallAsync(HttpMethod.Get, "ops/expiry-runs?pageSize=100", ops);
            Assert.Equal(HttpStatusCode.OK, status);
            return page.GetProperty("items").EnumerateArray()
                .Where(r => r.GetProperty("expired").GetInt32() >= 1)
                .Select(r => (object?)r)
                .FirstOrDefault();
        }, "a run record that expired the invitation");
        var record = (JsonElement)run;
        Assert.Equal("schedule", record.GetProperty("trigger").GetString());
        Assert.Equal("succeeded", record.GetProperty("outcome").GetString());

        var (one, single) = await CallAsync(HttpMethod.Get, "ops/expiry-runs/" + record.GetProperty("id").GetString(), ops);
        Assert.Equal((HttpStatusCode.OK, 1), (one, single.GetProperty("expired").GetInt32()));
        var (forbidden, _) = await CallAsync(HttpMethod.Get, "ops/expiry-runs", admin);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
    }
}
