using System.Net;
using Invitations.LocalHost.Tests.Support;
using Invitations.TestSupport;

namespace Invitations.LocalHost.Tests.EndToEnd;

/// <summary><c>Host.CORS</c> of local.settings.json, as Core Tools applies it (the portal runs on another origin).</summary>
[Collection(AzuriteTests.Name)]
public sealed class CorsTests(AzuriteFixture azurite) : IDisposable
{
    private const string Portal = "http://localhost:3000";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("localhost-cors-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Allowed_origins_get_cors_headers_and_preflights_are_answered()
    {
        var settings = Path.Combine(_dir.FullName, "local.settings.json");
        await File.WriteAllTextAsync(settings, $$"""{ "Values": {}, "Host": { "CORS": "{{Portal}}" } }""");
        var options = TestApp.Options(azurite, TestApp.NewQueueName());
        options.ReadSettingsFile = true;
        options.SettingsFile = settings;
        await using var host = await TestApp.StartAsync(options);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        var item = new Uri($"items/{Guid.NewGuid()}", UriKind.Relative);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, item);
        preflight.Headers.Add("Origin", Portal);
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using var preflightResponse = await client.SendAsync(preflight);
        Assert.True(preflightResponse.IsSuccessStatusCode, $"preflight answered {preflightResponse.StatusCode}");
        Assert.Equal(Portal, Assert.Single(preflightResponse.Headers.GetValues("Access-Control-Allow-Origin")));

        using var allowed = new HttpRequestMessage(HttpMethod.Get, item);
        allowed.Headers.Add("Origin", Portal);
        using var allowedResponse = await client.SendAsync(allowed);
        Assert.Equal(HttpStatusCode.OK, allowedResponse.StatusCode);
        Assert.Equal(Portal, Assert.Single(allowedResponse.Headers.GetValues("Access-Control-Allow-Origin")));

        using var other = new HttpRequestMessage(HttpMethod.Get, item);
        other.Headers.Add("Origin", "http://evil.example");
        using var otherResponse = await client.SendAsync(other);
        Assert.False(otherResponse.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
