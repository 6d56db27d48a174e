using System.Net;
using System.Text.Json;
using Azure.Storage.Queues;
using Invitations.Security;
using Invitations.TestSupport;
using Invitations.TestSupport.Acs;
using Microsoft.Extensions.Logging;

namespace Invitations.Tests.Email;

/// <summary>
/// Email end to end: the built Functions app on the local host (HTTP on 127.0.0.1, the real queue trigger polling
/// Azurite), the ACS test server as <c>Email__ConnectionString</c>. An invitation created over HTTP is emailed exactly
/// once and GET shows <c>sent</c>.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class EmailEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private AcsTestServer _acs = null!;
    private AppOnLocalHost? _app;

    public async Task InitializeAsync() => _acs = await AcsTestServer.StartAsync();

    /// <param name="fastRetries">A host.json copy with 3 deliveries 200 ms apart, so a message reaches poison in about a second.</param>
    private async Task StartHostAsync(bool fastRetries = false)
    {
        var options = AppOnLocalHost.Options(azurite, "mail", fastRetries ? FastRetryScriptRoot() : null);
        options.Settings["Email__ConnectionString"] = _acs.ConnectionString;
        options.Settings["Email__SenderAddress"] = "noreply@invitations.test";
        options.Settings["Email__MaxRetries"] = "0";
        options.Settings["Email__MaxDequeueCount"] = fastRetries ? "3" : "5";
        _app = await AppOnLocalHost.StartAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    private AppOnLocalHost App => _app ?? throw new InvalidOperationException("Call StartHostAsync first.");

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _acs.DisposeAsync();
    }

    private static string FastRetryScriptRoot()
    {
        var root = Directory.CreateTempSubdirectory("email-e2e-").FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "functions.metadata"), Path.Combine(root, "functions.metadata"));
        var hostJson = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")))!;
        var queues = hostJson["extensions"]!["queues"]!;
        queues["maxDequeueCount"] = 3;
        queues["visibilityTimeout"] = "00:00:00.200";
        queues["maxPollingInterval"] = "00:00:00.500";
        File.WriteAllText(Path.Combine(root, "host.json"), hostJson.ToJsonString());
        return root;
    }

    private async Task<string> CreateAsync(string admin, object body)
    {
        var (status, created, _) = await App.CallAsync(HttpMethod.Post, "accounts/demo/invitations", admin, body);
        Assert.Equal(HttpStatusCode.Created, status);
        return created.GetProperty("id").GetString()!;
    }

    private async Task<string?> WaitForStatusAsync(string id, string admin, string wanted)
    {
        string? status = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (status != wanted && DateTime.UtcNow < deadline)
        {
            status = (await GetAsync($"accounts/demo/invitations/{id}", admin)).GetProperty("emailDelivery").GetProperty("status").GetString();
            if (status != wanted)
            {
                await Task.Delay(100);
            }
        }

        return status;
    }

    private async Task<JsonElement> GetAsync(string path, string token)
    {
        var (status, body, _) = await App.CallAsync(HttpMethod.Get, path, token);
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    [Fact]
    public async Task An_invitation_created_over_HTTP_is_emailed_once_and_shows_sent()
    {
        await StartHostAsync();
        var admin = DevelopmentTokens.MintDemoAdmin(App.Configuration);
        var id = await CreateAsync(admin, new { email = "ana@example.com", displayName = "Ana", message = "Welcome <b>aboard</b>" });

        Assert.True(await _acs.WaitForEmailsAsync(1, TimeSpan.FromSeconds(30)), "no email reached the ACS test server");
        Assert.Equal("sent", await WaitForStatusAsync(id, admin, "sent"));
        await Task.Delay(TimeSpan.FromSeconds(1)); // room for a duplicate to show up, if there were one
        var email = Assert.Single(_acs.Emails);
        Assert.Single(_acs.Requests, r => r.Method == "POST");
        var link = (await GetAsync($"accounts/demo/invitations/{id}/link", admin)).GetProperty("url").GetString()!;
        Assert.Contains(link, email.PlainText, StringComparison.Ordinal);
        Assert.Contains("Welcome &lt;b&gt;aboard&lt;/b&gt;", email.Html, StringComparison.Ordinal);
        Assert.Contains("email-sent", (await GetAsync($"accounts/demo/invitations/{id}/history", admin))
            .GetProperty("items").EnumerateArray().Select(e => e.GetProperty("event").GetString()));
    }

    [Fact]
    public async Task Repeated_transient_failures_end_in_poison_with_status_failed_and_replay_sends_it()
    {
        await StartHostAsync(fastRetries: true);
        for (var i = 0; i < 3; i++)
        {
            _acs.Enqueue(AcsScriptedResponse.ServerError(503));
        }

        var admin = DevelopmentTokens.MintDemoAdmin(App.Configuration);
        var id = await CreateAsync(admin, new { email = "flaky@example.com" });

        Assert.Equal("failed", await WaitForStatusAsync(id, admin, "failed"));
        var poison = new QueueClient(azurite.ConnectionString, App.Configuration["EmailQueueName"] + "-poison");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!(await poison.ExistsAsync()).Value || (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the message did not reach the poison queue");
            await Task.Delay(100);
        }

        Assert.Empty(_acs.Emails);

        // After the fix (the server answers 202 again), operations replay the poison queue and the email goes out once.
        var ops = DevelopmentTokens.Mint(App.Configuration, new DevelopmentTokenRequest { UserId = "ops", Name = "Ops", Email = "ops@example.com", Roles = ["Invitations.Ops"] });
        var (replayStatus, replayed, _) = await App.CallAsync(HttpMethod.Post, "ops/email-poison/replay", ops);
        Assert.Equal(HttpStatusCode.OK, replayStatus);
        Assert.Equal(1, replayed.GetProperty("moved").GetInt32());

        Assert.Equal("sent", await WaitForStatusAsync(id, admin, "sent"));
        Assert.Single(_acs.Emails);
    }
}
