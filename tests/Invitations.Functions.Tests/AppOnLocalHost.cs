using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Invitations.Hosting;
using Invitations.LocalHost;
using Invitations.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Invitations.Tests;

/// <summary>
/// The built Functions app on the local host (Kestrel on 127.0.0.1, a free port) against the test Azurite, with
/// the sample settings and its own tables and queue, so end-to-end tests don't see each other's data.
/// </summary>
internal sealed class AppOnLocalHost : IAsyncDisposable
{
    /// <summary>A sweep schedule that never fires during a test run (1 January, midnight).</summary>
    public const string NeverSchedule = "0 0 0 1 1 *";

    private AppOnLocalHost(LocalFunctionsHost host)
    {
        Host = host;
        Http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Configuration = host.Services.GetRequiredService<IConfiguration>();
    }

    public LocalFunctionsHost Host { get; }

    /// <summary>Its base address ends in <c>/api/</c>.</summary>
    public HttpClient Http { get; }

    public IConfiguration Configuration { get; }

    /// <param name="name">A short lowercase tag for this test's table prefix and queue name.</param>
    /// <param name="scriptRoot">functions.metadata and host.json; they are copied next to the tests by default.</param>
    public static LocalHostOptions Options(AzuriteFixture azurite, string name, string? scriptRoot = null)
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var options = new LocalHostOptions
        {
            ScriptRoot = scriptRoot ?? AppContext.BaseDirectory,
            SettingsFile = RepositoryPaths.Combine("local.settings.sample.json"),
            ReadEnvironmentVariables = false,
            StartAzurite = false,
            Port = 0,
        };
        options.Settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        options.Settings["InvitationsStorage"] = azurite.ConnectionString;
        options.Settings["Storage__TablePrefix"] = name + unique;
        options.Settings["EmailQueueName"] = name + "-" + unique;
        options.Settings["EventsQueueName"] = name + "-events-" + unique;
        options.Settings["LocalData__Directory"] = Path.Combine(Path.GetTempPath(), "invitations-data-" + unique);
        options.Settings["ExpirySweepSchedule"] = NeverSchedule;
        return options;
    }

    /// <summary>Starts the app with the same registration Program.cs makes.</summary>
    public static async Task<AppOnLocalHost> StartAsync(LocalHostOptions options, Action<ILoggingBuilder> logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        var builder = LocalFunctionsHost.CreateBuilder(options, typeof(InvitationsAppExtensions).Assembly, app => app.AddInvitationsApp());
        logging(builder.Logging);
        var host = builder.Build();
        await host.StartAsync();
        return new AppOnLocalHost(host);
    }

    /// <summary>One HTTP call as a client makes it; the body is parsed when there is one.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> CallAsync(
        HttpMethod method, string path, string? token = null, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.StopAsync();
        await Host.DisposeAsync();
    }
}
