using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Core;
using Invitations.Hosting;
using Invitations.Limits;
using Invitations.LocalHost;
using Invitations.Security;
using Invitations.Storage;
using Invitations.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Invitations.Bench.Requests;

/// <summary>
/// The real Functions app on the local host (Kestrel on 127.0.0.1, a free port), on the sample settings with the
/// bench's Azurite, the ACS test server and a data set. Counts every storage request the app's own table and queue
/// clients send (<see cref="StorageExtensions.AddStoragePipelinePolicy"/>), plus what the queue-trigger listener sends
/// other than receives: its message deletes (and any poison copy) count, its polling does not.
/// </summary>
internal sealed class BenchApp : IAsyncDisposable
{
    public const string EmailSender = "SendInvitationEmail";
    public const string ExpiryTimer = "ExpireInvitations";

    private static readonly string[] AlwaysDisabled = ["RelayInvitationEvents", "RecoverEventNudges", "ReportEmailQueueDepth"];
    public const string Account = DevelopmentTokens.DemoAccountId;
    private const string Invitations = "accounts/" + Account + "/invitations";

    private readonly StorageRequestCounter _app;
    private readonly StorageRequestCounter _listener;

    private BenchApp(LocalFunctionsHost host, StorageRequestCounter app, StorageRequestCounter listener)
    {
        Host = host;
        _app = app;
        _listener = listener;
        Http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Configuration = host.Services.GetRequiredService<IConfiguration>();
        AdminToken = DevelopmentTokens.MintDemoAdmin(Configuration);
        OpsToken = DevelopmentTokens.Mint(Configuration, new DevelopmentTokenRequest
        {
            UserId = "bench-ops", Name = "Bench Ops", Email = "ops@example.com", Roles = [Configuration["Auth:OpsRole"]!],
        });
    }

    public LocalFunctionsHost Host { get; }

    public HttpClient Http { get; }

    public IConfiguration Configuration { get; }

    public string AdminToken { get; }

    public string OpsToken { get; }

    /// <summary>Storage requests so far: the app's clients plus the listener's deletes.</summary>
    public long Requests => _app.Total + _listener.Total;

    /// <summary>Messages the queue listener deleted: one per successful queue invocation.</summary>
    public long MessagesDeleted => _listener.Snapshot().Where(kv => kv.Key.StartsWith("queue DELETE", StringComparison.Ordinal)).Sum(kv => kv.Value);

    public IReadOnlyDictionary<string, long> RequestsByKind()
    {
        var all = new Dictionary<string, long>(_app.Snapshot(), StringComparer.Ordinal);
        foreach (var (kind, count) in _listener.Snapshot())
        {
            all["listener " + kind] = count;
        }

        return all;
    }

    /// <param name="disabled">Functions switched off with <c>AzureWebJobs.&lt;Function&gt;.Disabled</c>, as in Azure.</param>
    /// <param name="settings">More app settings (flat names, <c>Section__Key</c>).</param>
    /// <param name="services">Changes to the app's services after it registered them (e.g. <see cref="WithoutAccountQuota"/>).</param>
    public static async Task<BenchApp> StartAsync(
        BenchEnvironment environment, BenchDataSet data, IEnumerable<string> disabled, IReadOnlyDictionary<string, string>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(data);
        var appCounter = new StorageRequestCounter(environment.Azurite.TablePort, data);
        // Receives (GET …/messages) are the listener's polling: left out. Deletes and poison copies are the message's cost.
        var listenerCounter = new StorageRequestCounter(environment.Azurite.TablePort, data, request => request.Method != RequestMethod.Get);
        var options = new LocalHostOptions
        {
            ScriptRoot = AppContext.BaseDirectory, // functions.metadata and host.json come with the Functions project reference
            SettingsFile = RepositoryPaths.Combine("local.settings.sample.json"),
            ReadEnvironmentVariables = false,
            StartAzurite = false,
            Port = 0,
            ConfigureTriggerQueueClients = clientOptions => clientOptions.AddPolicy(listenerCounter, HttpPipelinePosition.PerRetry),
        };
        options.Settings["AzureWebJobsStorage"] = environment.Azurite.ConnectionString;
        options.Settings[StorageConnection.Name] = environment.Azurite.ConnectionString;
        options.Settings["Storage__TablePrefix"] = data.TablePrefix;
        options.Settings["EmailQueueName"] = data.QueueName;
        options.Settings["Email__ConnectionString"] = environment.Acs.ConnectionString;
        options.Settings["Email__SenderAddress"] = "noreply@invitations.test";
        // Background work that is not any action's cost: the lifecycle-event relay and its nudge recovery (each change's
        // nudge itself is counted with the change), and the queue-depth probe for the poison alert.
        foreach (var function in disabled.Concat(AlwaysDisabled))
        {
            options.Settings[$"AzureWebJobs.{function}.Disabled"] = "true";
        }

        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            options.Settings[name] = value;
        }

        var builder = LocalFunctionsHost.CreateBuilder(options, typeof(InvitationsAppExtensions).Assembly, app => app.AddInvitationsApp());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddStoragePipelinePolicy(appCounter);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new BenchApp(host, appCounter, listenerCounter);
    }

    /// <summary>
    /// The app without the account email quota: its write participant (<see cref="AccountEmailQuota"/>, registered by
    /// type in <c>LimitsExtensions</c>) is removed, so changes add no slot rows. The app has no setting for that on
    /// purpose (the quota is not optional in production); fails loudly if the registration is no longer found.
    /// </summary>
    public static void WithoutAccountQuota(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var quota = services.Where(d => d.ServiceType == typeof(IInvitationWriteParticipant) && d.ImplementationType == typeof(AccountEmailQuota)).ToArray();
        if (quota.Length != 1)
        {
            throw new InvalidOperationException($"Expected one IInvitationWriteParticipant registration of {nameof(AccountEmailQuota)}, found {quota.Length}.");
        }

        services.Remove(quota[0]);
    }

    /// <summary>The storage requests <paramref name="action"/> causes (nothing else may run on this app meanwhile).</summary>
    public async Task<long> CountAsync(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var before = Requests;
        await action();
        return Requests - before;
    }

    public static string NewEmail(string tag) => $"{tag}-{Guid.NewGuid():N}@example.com";

    public async Task<Guid> CreateAsync(string email)
    {
        var created = await CallAsync(HttpMethod.Post, Invitations, AdminToken, new { email, displayName = "Bench" }, HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }

    /// <summary>One bulk invite of <paramref name="emails"/>; every row must be created.</summary>
    public async Task BulkCreateAsync(IReadOnlyList<string> emails)
    {
        ArgumentNullException.ThrowIfNull(emails);
        var answer = await CallAsync(HttpMethod.Post, Invitations + "/bulk", AdminToken,
            new { invitations = emails.Select(email => new { email, displayName = "Bench" }) }, HttpStatusCode.OK);
        if (answer.GetProperty("created").GetInt32() != emails.Count)
        {
            var first = answer.GetProperty("results").EnumerateArray().First(r => r.GetProperty("status").GetInt32() != 201);
            throw new InvalidOperationException($"{emails.Count - answer.GetProperty("created").GetInt32()} bulk rows were not created; the first: {first.GetRawText()}");
        }
    }

    /// <summary>Copy invitation link; returns the link token.</summary>
    public async Task<string> CopyLinkAsync(Guid id)
    {
        var link = await CallAsync(HttpMethod.Get, $"{Invitations}/{id}/link", AdminToken, null, HttpStatusCode.OK);
        return Uri.UnescapeDataString(link.GetProperty("url").GetString()!.Split("token=")[1]);
    }

    public Task ResendAsync(Guid id) => CallAsync(HttpMethod.Post, $"{Invitations}/{id}/resend", AdminToken, null, HttpStatusCode.Accepted);

    public Task ReissueAsync(Guid id) => CallAsync(HttpMethod.Post, $"{Invitations}/{id}/reissue", AdminToken, null, HttpStatusCode.Accepted);

    public Task RevokeAsync(Guid id) => CallAsync(HttpMethod.Post, $"{Invitations}/{id}/revoke", AdminToken, null, HttpStatusCode.OK);

    public Task AcceptAsync(string linkToken, string email)
    {
        var invitee = DevelopmentTokens.Mint(Configuration, new DevelopmentTokenRequest { UserId = "u-" + Guid.NewGuid().ToString("N")[..8], Name = "Invitee", Email = email });
        return CallAsync(HttpMethod.Post, "invitations/accept", invitee, new { token = linkToken }, HttpStatusCode.OK);
    }

    public async Task<string> EmailStatusAsync(Guid id) =>
        (await CallAsync(HttpMethod.Get, $"{Invitations}/{id}", AdminToken, null, HttpStatusCode.OK))
            .GetProperty("emailDelivery").GetProperty("status").GetString()!;

    /// <summary>Runs the expiry sweep now, over HTTP (the operations endpoint, the same sweep the timer runs); returns how many it expired.</summary>
    public async Task<int> SweepAsync()
    {
        var run = await CallAsync(HttpMethod.Post, "ops/expiry-runs", OpsToken, null, HttpStatusCode.Created);
        return run.GetProperty("run").GetProperty("expired").GetInt32();
    }

    /// <summary>Waits until the queue listener has deleted <paramref name="count"/> messages in all (each one a finished send).</summary>
    public async Task WaitForDeletedMessagesAsync(long count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (MessagesDeleted < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The queue listener deleted {MessagesDeleted} of {count} messages in {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(20);
        }
    }

    private async Task<JsonElement> CallAsync(HttpMethod method, string path, string token, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}, not {(int)expected}: {text}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.StopAsync();
        await Host.DisposeAsync();
    }
}
