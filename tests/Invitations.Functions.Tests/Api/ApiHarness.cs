using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Invitations.Hosting;
using Invitations.Security;
using Invitations.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Invitations.Tests.Api;

/// <summary>An HTTP answer as a client sees it.</summary>
public sealed record ApiResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? ProblemCode => Body.Length > 0 && Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("type", out var type)
        ? type.GetString()!.Replace("urn:invitations:problem:", "", StringComparison.Ordinal)
        : null;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => $"{Status} {Body}";
}

/// <summary>
/// The app as <c>AddInvitationsApp</c> builds it, over Azurite, with a fake clock; requests are routed by the HTTP
/// triggers' attributes (method + route template, like the Functions host) and executed with a DefaultHttpContext.
/// Each harness has its own table prefix and queue, so storage snapshots see only its own rows and messages.
/// </summary>
public sealed class ApiHarness : IDisposable
{
    public const string DevKey = "lNTgE2PiDjqYSuJzRFCrTRNB0E9YW482sKTQavd9vWk=";
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);
    private readonly ServiceProvider _services;
    private readonly List<Route> _routes;

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
            ["Invitations:Lifetime"] = "7.00:00:00",
            ["Invitations:PortalBaseUrl"] = "https://portal.example",
            ["Invitations:Roles"] = "member,admin",
            ["Invitations:ResendLimit"] = "5",
            ["Invitations:ResendWindow"] = "1.00:00:00",
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

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(Settings);
        builder.Services.AddLogging();
        // The clock is fake: the write path's retries must not wait on it (a concurrent-change test would hang).
        builder.Services.AddSingleton(new global::Invitations.Storage.InvitationWriteRetry(6, TimeSpan.Zero));
        builder.AddInvitationsApp();
        builder.Services.AddSingleton<TimeProvider>(Time);
        _services = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _routes = DiscoverRoutes();
        Configuration = builder.Configuration;
    }

    public AzuriteFixture Azurite { get; }
    public Dictionary<string, string?> Settings { get; }
    public IConfiguration Configuration { get; }
    public string TablePrefix { get; }
    public string QueueName { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    public IServiceProvider Services => _services;

    /// <summary>Validates options the way host start does (ValidateOnStart).</summary>
    public void ValidateOptions()
    {
        foreach (var validator in _services.GetServices<IStartupValidator>())
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
        var split = pathAndQuery.Split('?', 2);
        var path = split[0];
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1");
        context.Request.Path = path;
        context.Request.QueryString = split.Length > 1 ? new QueryString("?" + split[1]) : QueryString.Empty;
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        context.Request.Body = new MemoryStream(body ?? []);
        if (body is not null && sendLength)
        {
            context.Request.ContentLength = body.Length;
        }

        var responseBody = new MemoryStream();
        context.Response.Body = responseBody;

        var (route, values) = Match(method, path);
        if (route is null)
        {
            return new ApiResponse(404, new Dictionary<string, string>(), "");
        }

        using var scope = _services.CreateScope();
        var instance = ActivatorUtilities.CreateInstance(scope.ServiceProvider, route.Method.DeclaringType!);
        var arguments = route.Method.GetParameters()
            .Select(p => p.ParameterType == typeof(HttpRequest) ? context.Request
                : p.ParameterType == typeof(CancellationToken) ? (object)CancellationToken.None
                : values[p.Name!])
            .ToArray();
        var result = await (Task<IActionResult>)route.Method.Invoke(instance, arguments)!;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));

        var responseHeaders = context.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new ApiResponse(context.Response.StatusCode, responseHeaders, Encoding.UTF8.GetString(responseBody.ToArray()));
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

    public void Dispose() => _services.Dispose();

    private (Route? Route, Dictionary<string, string> Values) Match(string method, string path)
    {
        var segments = path.Trim('/').Split('/');
        foreach (var route in _routes.Where(r => r.HttpMethods.Contains(method, StringComparer.OrdinalIgnoreCase)))
        {
            if (route.Segments.Length != segments.Length)
            {
                continue;
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var ok = true;
            for (var i = 0; i < segments.Length && ok; i++)
            {
                var template = route.Segments[i];
                if (template.StartsWith('{'))
                {
                    values[template.Trim('{', '}')] = Uri.UnescapeDataString(segments[i]);
                }
                else
                {
                    ok = string.Equals(template, segments[i], StringComparison.OrdinalIgnoreCase);
                }
            }

            // Literal segments win over parameters (invitations/accept vs invitations/{token}), as in ASP.NET routing.
            if (ok)
            {
                return (route, values);
            }
        }

        return (null, []);
    }

    private static List<Route> DiscoverRoutes()
    {
        var routes = new List<Route>();
        foreach (var type in typeof(InvitationsAppExtensions).Assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            {
                var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);
                if (trigger is null || method.GetCustomAttribute<FunctionAttribute>() is null)
                {
                    continue;
                }

                routes.Add(new Route(method, trigger.Methods ?? [], ("api/" + trigger.Route).Split('/')));
            }
        }

        // Most literal segments first.
        return [.. routes.OrderByDescending(r => r.Segments.Count(s => !s.StartsWith('{')))];
    }

    private sealed record Route(MethodInfo Method, string[] HttpMethods, string[] Segments);
}

public sealed record StorageSnapshot(IReadOnlyList<string> Rows, int QueuedEmails)
{
    public void AssertSameAs(StorageSnapshot other, string because)
    {
        ArgumentNullException.ThrowIfNull(other);
        Assert.True(Rows.SequenceEqual(other.Rows), $"Rows changed: {because}");
        Assert.True(QueuedEmails == other.QueuedEmails, $"Queued emails changed ({other.QueuedEmails} -> {QueuedEmails}): {because}");
    }
}
