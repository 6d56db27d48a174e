using System.Net;
using System.Text.Json;
using Invitations.Hosting;
using Invitations.LocalHost.Tests.Support;
using Invitations.TestSupport;

namespace Invitations.LocalHost.Tests.EndToEnd;

/// <summary>
/// The real app on the local host with the sample settings, against its own Azurite (this test stops it, so it must
/// not share the collection's instance).
/// </summary>
public sealed class HealthEndToEndTests : IAsyncLifetime, IDisposable
{
    private readonly AzuriteFixture _azurite = new();
    private LocalFunctionsHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        var options = new LocalHostOptions
        {
            ScriptRoot = BuildOutput.FunctionsApp,
            SettingsFile = RepositoryPaths.Combine("local.settings.sample.json"),
            ReadEnvironmentVariables = false,
            StartAzurite = false,
            Port = 0,
        };
        options.Settings["AzureWebJobsStorage"] = _azurite.ConnectionString;
        options.Settings["InvitationsStorage"] = _azurite.ConnectionString;
        var builder = LocalFunctionsHost.CreateBuilder(options, typeof(InvitationsAppExtensions).Assembly, app => app.AddInvitationsApp());
        _host = builder.Build();
        await _host.StartAsync();
        _client = new HttpClient { BaseAddress = _host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public void Dispose() => _client.Dispose();

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task Health_is_200_with_both_storages_healthy_and_503_with_a_reason_when_storage_is_down()
    {
        var (status, body) = await GetHealthAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("checks").GetProperty("tableStorage").GetProperty("healthy").GetBoolean());
        Assert.True(body.GetProperty("checks").GetProperty("queueStorage").GetProperty("healthy").GetBoolean());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("version").GetString()));

        await _azurite.StopAsync();
        (status, body) = await GetHealthAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        var table = body.GetProperty("checks").GetProperty("tableStorage");
        Assert.False(table.GetProperty("healthy").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(table.GetProperty("reason").GetString()));

        await _azurite.RestartAsync();
        (status, _) = await GetHealthAsync();
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetHealthAsync()
    {
        using var response = await _client.GetAsync(new Uri("health", UriKind.Relative));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }
}
