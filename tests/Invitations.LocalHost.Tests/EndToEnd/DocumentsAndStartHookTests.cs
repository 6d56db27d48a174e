using System.Net;
using Invitations.LocalHost.Tests.Support;
using Invitations.TestSupport;

namespace Invitations.LocalHost.Tests.EndToEnd;

/// <summary>Extras the Invitations local host uses: the OpenAPI document beside the API, and a hook once it listens.</summary>
[Collection(AzuriteTests.Name)]
public sealed class DocumentsAndStartHookTests(AzuriteFixture azurite) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("localhost-docs-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task A_configured_document_is_served_with_get_and_the_start_hook_runs_once()
    {
        var file = Path.Combine(_dir.FullName, "openapi.json");
        await File.WriteAllTextAsync(file, """{"openapi":"3.1.0"}""");
        var options = TestApp.Options(azurite, TestApp.NewQueueName());
        options.Documents["/api/openapi.json"] = file;
        var started = 0;
        options.OnStarted = services => Interlocked.Increment(ref started);

        await using var host = await TestApp.StartAsync(options);
        using var client = new HttpClient { BaseAddress = new Uri(host.BaseAddress.GetLeftPart(UriPartial.Authority)) };

        using var response = await client.GetAsync(new Uri("/api/openapi.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"openapi":"3.1.0"}""", await response.Content.ReadAsStringAsync());

        using var post = await client.PostAsync(new Uri("/api/openapi.json", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(1, Volatile.Read(ref started));
    }
}
