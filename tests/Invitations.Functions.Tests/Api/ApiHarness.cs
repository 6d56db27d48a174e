using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Invitations.Hosting;
using Invitations.LocalHost;
using Invitations.Security;
using Invitations.Storage;
using Invitations.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Invitations.Tests.Api;

/// <summary>
/// The app as the local host runs it (<see cref="LocalFunctionsHost.CreateBuilder"/>: the app's own registration, the
/// generated functions.metadata, host.json's route prefix, Kestrel on 127.0.0.1), over Azurite, with a fake clock, so
/// requests are routed exactly as the host routes them. Only the HTTP functions are loaded: no queue or timer trigger
/// runs behind a test's back. Each harness has its own table prefix and queue, so storage snapshots see only its own
/// rows and messages. The host starts on the first request.
/// </summary>
public sealed class ApiHarness : IDisposable
{
    public const string DevKey = "lNTgE2PiDjqYSuJzRFCrTRNB0E9YW482sKTQavd9vWk=";
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);
    private readonly LocalFunctionsHost _host;
    private readonly string _scriptRoot;
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private HttpClient? _http;

    public ApiHarness(AzuriteFixture azurite, IDictionary<string, string?>? overrides = null)
    {
        Azurite = azurite;
        TablePrefix = "t" + Guid.NewGuid().ToString("N")[..12];
        QueueName = "emails-" + Guid.NewGuid().ToString("N")[..12];
        Settings = new Dictionary<string, string?>
        {
            ["InvitationsStorage"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = TablePrefix,
            ["EmailQueueName"] = QueueName,
            ["EventsQueueName"] = "events-" + QueueName,
            ["Invitations:Lifetime"] = "7.00:00:00",
            ["Invitations:PortalBaseUrl"] = "https://portal.example",
            ["Invitations:Roles"] = "member,admin",
            ["Limits:EmailsPerInvitationPerDay"] = "6",
            ["LinkSigning:ActiveKeyId"] = "k1",
            ["LinkSigning:Keys:k1"] = Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray()),
            ["Auth:Mode"] = "Development",
            ["Auth:Issuer"] = "https://invitations.local/dev",
            ["Auth:Audience"] = "api://invitations-local",
            ["Auth:DevelopmentSigningKey"] = DevKey,
            ["Accounts:acct-a:Name"] = "Contoso",
            ["ExpirySweepSchedule"] = "0 */5 * * * *",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            Settings[key.Replace("__", ":", StringComparison.Ordinal)] = value;
        }

        _scriptRoot = HttpOnlyScriptRoot();
        var options = new LocalHostOptions
        {
            ScriptRoot = _scriptRoot,
            ReadSettingsFile = false,
            ReadEnvironmentVariables = false,
            StartAzurite = false,
            Port = 0,
            EnvironmentName = "Development",
        };
        foreach (var (key, value) in Settings)
        {
            options.Settings[key] = value;
        }

        var builder = LocalFunctionsHost.CreateBuilder(options, typeof(InvitationsAppExtensions).Assembly, app =>
        {
            // The clock is fake: the write path's retries must not wait on it (a concurrent-change test would hang).
            app.Services.AddSingleton(new global::Invitations.Storage.InvitationWriteRetry(6, TimeSpan.Zero));
            app.AddInvitationsApp();
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(Time);
        _host = builder.Build();
        Configuration = _host.Services.GetRequiredService<IConfiguration>();
    }

    public AzuriteFixture Azurite { get; }
    public Dictionary<string, string?> Settings { get; }
    public IConfiguration Configuration { get; }
    public string TablePrefix { get; }
    public string QueueName { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    public IServiceProvider Services => _host.Services;

    /// <summary>Validates options the way host start does (ValidateOnStart).</summary>
    public void ValidateOptions()
    {
        foreach (var validator in Services.GetServices<IStartupValidator>())
        {
            validator.Validate();
        }
    }

    public string AdminToken(string account = "acct-a", string user = "admin-1", string? role = null) =>
        Mint(new DevelopmentTokenRequest { UserId = user, Name = "Ada Admin", Email = user + "@admin.example", Roles = [role ?? "Invitations.Admin"], Accounts = [account] });

    public string UserToken(string email, string user = "user-1") =>
        Mint(new DevelopmentTokenRequest { UserId = user, Name = "Invitee", Email = email });

    public string Mint(DevelopmentTokenRequest request) => DevelopmentTokens.Mint(Configuration, request, Time);

    public Task<ApiResponse> SendAsync(string method, string pathAndQuery, object? json = null, string? token = null, IDictionary<string, string>? headers = null)
    {
        byte[]? body = json switch
        {
            null => null,
            string raw => Encoding.UTF8.GetBytes(raw),
            byte[] bytes => bytes,
            _ => JsonSerializer.SerializeToUtf8Bytes(json, WebJson),
        };
        var allHeaders = new Dictionary<string, string>(headers ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        if (body is not null)
        {
            allHeaders.TryAdd("Content-Type", "application/json");
        }

        if (token is not null)
        {
            allHeaders["Authorization"] = "Bearer " + token;
        }

        return SendRawAsync(method, pathAndQuery, body, allHeaders);
    }

    /// <summary>As <see cref="SendRawAsync"/> but without a Content-Length (a chunked upload): the size limit must still hold.</summary>
    public Task<ApiResponse> SendRawWithoutLengthAsync(string method, string pathAndQuery, byte[]? body, IDictionary<string, string> headers) =>
        SendRawAsync(method, pathAndQuery, body, headers, sendLength: false);

    public async Task<ApiResponse> SendRawAsync(string method, string pathAndQuery, byte[]? body, IDictionary<string, string> headers, bool sendLength = true)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var http = await StartedAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(pathAndQuery, UriKind.Relative));
        if (body is not null)
        {
            request.Content = sendLength ? new ByteArrayContent(body) : new ChunkedContent(body);
        }

        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await http.SendAsync(request);
        var responseHeaders = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        return new ApiResponse((int)response.StatusCode, responseHeaders, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Every row of this harness's table and the number of email jobs on its queue.</summary>
    public async Task<StorageSnapshot> SnapshotAsync()
    {
        var rows = new List<string>();
        var tables = new TableServiceClient(Azurite.ConnectionString);
        await foreach (var table in tables.QueryAsync(t => t.Name.CompareTo(TablePrefix) >= 0))
        {
            if (!table.Name.StartsWith(TablePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            await foreach (var row in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                rows.Add($"{table.Name}/{row.PartitionKey}/{row.RowKey}/{row.ETag}");
            }
        }

        rows.Sort(StringComparer.Ordinal);
        return new StorageSnapshot(rows, await QueuedCountAsync());
    }

    /// <summary>The email jobs on the queue, oldest first; read and made visible again, so nothing is consumed.</summary>
    public async Task<List<JsonElement>> EmailJobsAsync()
    {
        var queue = new QueueClient(Azurite.ConnectionString, QueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        if (!await queue.ExistsAsync())
        {
            return [];
        }

        var received = new List<Azure.Storage.Queues.Models.QueueMessage>();
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value;
            if (batch.Length == 0)
            {
                break;
            }

            received.AddRange(batch);
        }

        foreach (var message in received)
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }

        return [.. received.OrderBy(m => m.InsertedOn).Select(m => JsonDocument.Parse(m.Body.ToString()).RootElement)];
    }

    private async Task<int> QueuedCountAsync()
    {
        var queue = new QueueClient(Azurite.ConnectionString, QueueName);
        return await queue.ExistsAsync() ? (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;
    }

    /// <summary>
    /// The app's services alone (no host, no triggers) on this harness's settings and storage, with
    /// <paramref name="policy"/> on every storage request the app's own clients send: for counting requests.
    /// </summary>
    public ServiceProvider BuildCountedServices(HttpPipelinePolicy policy, TimeProvider time)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(Settings);
        builder.Services.AddLogging();
        builder.Services.AddSingleton(new InvitationWriteRetry(6, TimeSpan.Zero));
        builder.AddInvitationsApp();
        builder.Services.AddSingleton(time);
        builder.Services.AddStoragePipelinePolicy(policy);
        return builder.Services.BuildServiceProvider();
    }

    public void Dispose()
    {
        _http?.Dispose();
        if (_http is not null)
        {
            _host.StopAsync().GetAwaiter().GetResult();
        }

        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _startLock.Dispose();
        Directory.Delete(_scriptRoot, recursive: true);
    }

    private async Task<HttpClient> StartedAsync()
    {
        await _startLock.WaitAsync();
        try
        {
            if (_http is null)
            {
                await _host.StartAsync();
                // Tests name full paths (/api/...): the client's base is the server root.
                _http = new HttpClient { BaseAddress = new Uri(_host.BaseAddress, "/"), Timeout = TimeSpan.FromSeconds(60) };
            }

            return _http;
        }
        finally
        {
            _startLock.Release();
        }
    }

    /// <summary>A script root with the test output's host.json and the HTTP-triggered functions of its functions.metadata.</summary>
    private static string HttpOnlyScriptRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "invitations-api-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "host.json"), Path.Combine(root, "host.json"));
        var functions = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!.AsArray();
        var http = new JsonArray([.. functions
            .Where(f => f!["bindings"]!.AsArray().Any(b => string.Equals((string?)b!["type"], "httpTrigger", StringComparison.OrdinalIgnoreCase)))
            .Select(f => f!.DeepClone())]);
        File.WriteAllText(Path.Combine(root, "functions.metadata"), http.ToJsonString());
        return root;
    }

    /// <summary>A body whose length is not known up front, so HttpClient sends it chunked.</summary>
    private sealed class ChunkedContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
