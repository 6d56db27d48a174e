using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Invitations.Hosting;
using Invitations.LocalHost;
using Invitations.Security;
using Invitations.TestSupport;
using Invitations.TestSupport.Acs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Invitations.Tests.Email;

/// <summary>
/// Issue 4 end to end: the built Functions app on the local host (HTTP on 127.0.0.1, the real queue trigger polling
/// Azurite), the ACS test server as <c>Email__ConnectionString</c>. An invitation created over HTTP is emailed exactly
/// once and GET shows <c>sent</c>.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class EmailEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime, IDisposable
{
    private AcsTestServer _acs = null!;
    private LocalFunctionsHost _host = null!;
    private HttpClient _http = null!;
    private IConfiguration _configuration = null!;

    public async Task InitializeAsync()
    {
        _acs = await AcsTestServer.StartAsync();
        var options = new LocalHostOptions
        {
            ScriptRoot = AppContext.BaseDirectory,
            SettingsFile = RepositoryPaths.Combine("local.settings.sample.json"),
            ReadEnvironmentVariables = false,
            StartAzurite = false,
            Port = 0,
        };
        options.Settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        options.Settings["InvitationsStorage"] = azurite.ConnectionString;
        options.Settings["Storage__TablePrefix"] = "mail" + Guid.NewGuid().ToString("N")[..10];
        options.Settings["EmailQueueName"] = "mail-" + Guid.NewGuid().ToString("N")[..10];
        options.Settings["ExpirySweepSchedule"] = "0 0 0 1 1 *";
        options.Settings["Email__ConnectionString"] = _acs.ConnectionString;
        options.Settings["Email__SenderAddress"] = "noreply@invitations.test";
        var builder = LocalFunctionsHost.CreateBuilder(options, typeof(InvitationsAppExtensions).Assembly, app => app.AddInvitationsApp());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _host = builder.Build();
        await _host.StartAsync();
        _configuration = _host.Services.GetRequiredService<IConfiguration>();
        _http = new HttpClient { BaseAddress = _host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public void Dispose() => _http?.Dispose();

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
        await _acs.DisposeAsync();
    }

    private async Task<JsonElement> GetAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task An_invitation_created_over_HTTP_is_emailed_once_and_shows_sent()
    {
        var admin = DevelopmentTokens.MintDemoAdmin(_configuration);
        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri("accounts/demo/invitations", UriKind.Relative))
        {
            Content = JsonContent.Create(new { email = "ana@example.com", displayName = "Ana", message = "Welcome <b>aboard</b>" }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        using var created = await _http.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        Assert.True(await _acs.WaitForEmailsAsync(1, TimeSpan.FromSeconds(30)), "no email reached the ACS test server");
        string? status = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (status != "sent" && DateTime.UtcNow < deadline)
        {
            status = (await GetAsync($"accounts/demo/invitations/{id}", admin)).GetProperty("emailDelivery").GetProperty("status").GetString();
            if (status != "sent")
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal("sent", status);
        await Task.Delay(TimeSpan.FromSeconds(1)); // room for a duplicate to show up, if there were one
        var email = Assert.Single(_acs.Emails);
        Assert.Single(_acs.Requests, r => r.Method == "POST");
        var link = (await GetAsync($"accounts/demo/invitations/{id}/link", admin)).GetProperty("url").GetString()!;
        Assert.Contains(link, email.PlainText, StringComparison.Ordinal);
        Assert.Contains("Welcome &lt;b&gt;aboard&lt;/b&gt;", email.Html, StringComparison.Ordinal);
        Assert.Contains("email-sent", (await GetAsync($"accounts/demo/invitations/{id}/history", admin))
            .GetProperty("items").EnumerateArray().Select(e => e.GetProperty("event").GetString()));
    }
}
