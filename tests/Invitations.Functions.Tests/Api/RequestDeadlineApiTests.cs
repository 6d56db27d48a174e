using System.Diagnostics;
using System.Net;
using Invitations.Security;
using Invitations.TestSupport;
using Microsoft.Extensions.Logging;

namespace Invitations.Tests.Api;

/// <summary>
/// Storage that hangs (a test-owned Azurite frozen with SIGSTOP): every admin call answers 503
/// <c>service-unavailable</c> with Retry-After when its deadline passes, and nothing is written, not even once
/// Azurite runs again and processes what it had received.
/// </summary>
public sealed class RequestDeadlineApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    // This class's own Azurite (a class fixture, not the shared collection's): freezing it stalls no other test.
    private readonly AzuriteFixture _azurite = azurite;
    private readonly ApiHarness _api = new(azurite);

    public void Dispose() => _api.Dispose();

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/{id}")]
    [InlineData("GET", "/{id}/link")]
    [InlineData("GET", "/{id}/history")]
    [InlineData("POST", "/{id}/resend")]
    [InlineData("POST", "/{id}/reissue")]
    [InlineData("POST", "/{id}/revoke")]
    public async Task With_storage_frozen_the_answer_is_503_at_the_deadline_and_nothing_is_written(string method, string suffix)
    {
        var admin = _api.AdminToken();
        var created = await _api.SendAsync("POST", "/api/accounts/acct-a/invitations", new { email = "ana@example.com" }, admin);
        Assert.Equal(201, created.Status);
        var path = "/api/accounts/acct-a/invitations" + suffix.Replace("{id}", created.Json.GetProperty("id").GetString(), StringComparison.Ordinal);
        var before = await _api.SnapshotAsync();

        var response = await SendWithStorageFrozenAsync(method, path, admin);

        AssertDeadlineAnswer(response);
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // Azurite runs again: let it finish what it had received
        (await _api.SnapshotAsync()).AssertSameAs(before, $"{method} {path} passed its deadline with storage frozen");
    }

    [Fact]
    public async Task A_create_stopped_by_its_deadline_writes_no_row()
    {
        var admin = _api.AdminToken();
        var before = await _api.SnapshotAsync();

        var response = await SendWithStorageFrozenAsync("POST", "/api/accounts/acct-a/invitations", admin, new { email = "bo@example.com" });

        AssertDeadlineAnswer(response);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var after = await _api.SnapshotAsync();
        // An email job queued before the write may have landed: by design it is dropped as an orphan (docs/api.md).
        Assert.Equal(before.Rows, after.Rows);
        Assert.InRange(after.QueuedEmails, before.QueuedEmails, before.QueuedEmails + 1);
    }

    [Fact]
    public async Task Through_the_local_host_a_list_with_storage_frozen_answers_503_in_its_deadline_not_when_storage_returns()
    {
        var options = AppOnLocalHost.Options(_azurite, "deadline");
        options.Settings["Api__RequestDeadline"] = "00:00:02";
        await using var app = await AppOnLocalHost.StartAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning));
        var admin = DevelopmentTokens.MintDemoAdmin(app.Configuration);
        Assert.Equal(HttpStatusCode.OK, (await app.CallAsync(HttpMethod.Get, "accounts/demo/invitations", admin)).Status);

        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        System.Text.Json.JsonElement body;
        HttpResponseMessage message;
        using (_azurite.Freeze())
        {
            (status, body, message) = await app.CallAsync(HttpMethod.Get, "accounts/demo/invitations", admin);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("urn:invitations:problem:service-unavailable", body.GetProperty("type").GetString());
        Assert.Equal("10", message.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Deadline 2 s; without one the call waits for storage (here: the client's 30 s timeout).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"answered after {clock.Elapsed}");
    }

    /// <summary>Freezes storage, starts the call, lets it reach storage, then moves the app's clock past the deadline.</summary>
    private async Task<ApiResponse> SendWithStorageFrozenAsync(string method, string path, string token, object? body = null)
    {
        using (_azurite.Freeze())
        {
            var call = _api.SendAsync(method, path, body, token);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(call.IsCompleted, "With storage frozen the call cannot have finished: " + (call.IsCompleted ? call.Result.ToString() : ""));
            _api.Time.Advance(TimeSpan.FromSeconds(11));
            return await call.WaitAsync(TimeSpan.FromSeconds(20));
        }
    }

    private static void AssertDeadlineAnswer(ApiResponse response)
    {
        Assert.Equal(503, response.Status);
        Assert.Equal("service-unavailable", response.ProblemCode);
        Assert.Equal("10", response.Header("Retry-After"));
        Assert.StartsWith("application/problem+json", response.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
    }
}
