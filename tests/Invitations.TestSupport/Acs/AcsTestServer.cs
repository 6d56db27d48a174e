using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Invitations.TestSupport.Acs;

/// <summary>
/// An ACS Email-compatible server (REST API 2023-03-31) on 127.0.0.1 and a free port, for tests and benchmarks.
/// <list type="bullet">
/// <item><c>POST /emails:send</c>: checks the HMAC signature (401 on mismatch) and the <c>Operation-Id</c> header,
/// records the request, de-duplicates by Operation-Id like ACS (same operation, not a second email), answers 202.</item>
/// <item><c>GET /emails/operations/{id}</c>: the operation's status (scriptable), 404 when unknown.</item>
/// </list>
/// The signature check is written here independently of the client's policy, so a test proves they agree.
/// </summary>
public sealed class AcsTestServer : IAsyncDisposable
{
    /// <summary>A fixed test access key (base64 of 32 bytes); not a secret.</summary>
    public const string DefaultAccessKey = "dGVzdC1hY3MtYWNjZXNzLWtleS0zMi1ieXRlcy1sb25n";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private LoopbackServer _host = null!;
    private readonly byte[] _accessKey;
    private readonly Lock _gate = new();
    private readonly Queue<AcsScriptedResponse> _script = new();
    private readonly List<AcsRecordedRequest> _requests = [];
    private readonly List<AcsAcceptedEmail> _emails = [];
    private readonly Dictionary<Guid, AcsAcceptedEmail> _operations = [];
    private readonly Dictionary<Guid, (string Status, string? Code, string? Message)> _statuses = [];
    private long _latencyTicks;

    private AcsTestServer(string accessKey)
    {
        AccessKey = accessKey;
        _accessKey = Convert.FromBase64String(accessKey);
    }

    public Uri Endpoint { get; private set; } = null!;

    public string AccessKey { get; }

    /// <summary>A connection string for this server: <c>endpoint=http://127.0.0.1:port/;accesskey=…</c>.</summary>
    public string ConnectionString => $"endpoint={Endpoint};accesskey={AccessKey}";

    /// <summary>Fixed artificial latency added to every request (for benchmarks).</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    /// <summary>Status of accepted operations that have no scripted status.</summary>
    public string DefaultOperationStatus { get; set; } = "Succeeded";

    /// <summary>Called for every request after it is checked, before it is answered (e.g. to advance a fake clock).</summary>
    public Action<AcsRecordedRequest>? OnRequest { get; set; }

    public IReadOnlyList<AcsRecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The emails accepted, once per Operation-Id, in order.</summary>
    public IReadOnlyList<AcsAcceptedEmail> Emails
    {
        get
        {
            lock (_gate)
            {
                return [.. _emails];
            }
        }
    }

    public int EmailCount
    {
        get
        {
            lock (_gate)
            {
                return _emails.Count;
            }
        }
    }

    public static async Task<AcsTestServer> StartAsync(string accessKey = DefaultAccessKey, CancellationToken cancellationToken = default)
    {
        var server = new AcsTestServer(accessKey);
        server._host = await LoopbackServer.StartAsync(server.HandleAsync, cancellationToken);
        server.Endpoint = server._host.BaseAddress;
        return server;
    }

    /// <summary>Scripts the answers to the next POSTs, in order; after the script runs out, POSTs are accepted.</summary>
    public void Enqueue(params AcsScriptedResponse[] responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        lock (_gate)
        {
            foreach (var response in responses)
            {
                _script.Enqueue(response);
            }
        }
    }

    /// <summary>Scripts what GET of an operation reports: NotStarted, Running, Succeeded, Failed or Canceled.</summary>
    public void SetOperationStatus(Guid operationId, string status, string? errorCode = null, string? errorMessage = null)
    {
        lock (_gate)
        {
            _statuses[operationId] = (status, errorCode, errorMessage);
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> emails were accepted (for end-to-end tests and benchmarks).</summary>
    public async Task<bool> WaitForEmailsAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (EmailCount < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var receivedAt = DateTimeOffset.UtcNow;
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;

        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
        }

        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, context.RequestAborted);
        }

        var date = request.Headers["x-ms-date"].ToString();
        var contentHash = request.Headers["x-ms-content-sha256"].ToString();
        var signatureValid = VerifySignature(request.Method, rawTarget, request.Host.Value ?? "", date, contentHash, request.Headers.Authorization.ToString(), body);
        Guid? operationId = Guid.TryParse(request.Headers["Operation-Id"].ToString(), out var parsedId) ? parsedId : null;

        var path = request.Path.Value ?? "";
        int status;
        if (!signatureValid)
        {
            status = 401;
            await WriteErrorAsync(context, status, "Unauthorized", "The HMAC signature does not match.");
        }
        else if (HttpMethods.IsPost(request.Method) && path == "/emails:send")
        {
            await SendAsync(context, operationId, body, receivedAt, rawTarget, date, contentHash);
            return;
        }
        else if (HttpMethods.IsGet(request.Method) && path.StartsWith("/emails/operations/", StringComparison.Ordinal))
        {
            status = await GetOperationAsync(context, path["/emails/operations/".Length..]);
        }
        else
        {
            status = 404;
            await WriteErrorAsync(context, status, "NotFound", "No such route.");
        }

        Record(new AcsRecordedRequest(request.Method, rawTarget, operationId, NullIfEmpty(date), NullIfEmpty(contentHash), signatureValid, status, receivedAt));
    }

    private async Task<int> SendAsync(HttpContext context, Guid? operationId, byte[] body, DateTimeOffset receivedAt, string rawTarget, string date, string contentHash)
    {
        AcsScriptedResponse script;
        lock (_gate)
        {
            script = _script.Count > 0 ? _script.Dequeue() : AcsScriptedResponse.Accepted();
        }

        var recorded = new AcsRecordedRequest("POST", rawTarget, operationId, NullIfEmpty(date), NullIfEmpty(contentHash), true, script.Status, receivedAt);
        if (operationId is null)
        {
            recorded = recorded with { ResponseStatus = 400 };
            Record(recorded);
            await WriteErrorAsync(context, 400, "MissingOperationId", "The Operation-Id header is required by this test server.");
            return 400;
        }

        var email = ParseEmail(operationId.Value, body, receivedAt);
        if (email is null)
        {
            recorded = recorded with { ResponseStatus = 400 };
            Record(recorded);
            await WriteErrorAsync(context, 400, "InvalidRequest", "The email payload is not valid.");
            return 400;
        }

        Record(recorded);

        if (script.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(script.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return 499; // the client gave up; nothing was accepted
            }
        }

        if (script.Status == 202 || script.AcceptButLoseResponse)
        {
            lock (_gate)
            {
                if (_operations.TryAdd(operationId.Value, email))
                {
                    _emails.Add(email);
                }
            }
        }

        if (script.Status != 202)
        {
            foreach (var (name, value) in script.Headers)
            {
                context.Response.Headers[name] = value;
            }

            await WriteErrorAsync(context, script.Status, script.ErrorCode ?? "Error", script.ErrorMessage ?? "Scripted failure.");
            return script.Status;
        }

        context.Response.StatusCode = 202;
        context.Response.Headers["Operation-Location"] = $"{Endpoint}emails/operations/{operationId:D}?api-version=2023-03-31";
        context.Response.Headers["retry-after"] = "1";
        await context.Response.WriteAsJsonAsync(new { id = operationId.Value.ToString("D"), status = "Running" }, Json);
        return 202;
    }

    private async Task<int> GetOperationAsync(HttpContext context, string idText)
    {
        if (!Guid.TryParse(idText, out var id))
        {
            await WriteErrorAsync(context, 400, "InvalidOperationId", "The operation id is not a GUID.");
            return 400;
        }

        (string Status, string? Code, string? Message) state;
        lock (_gate)
        {
            if (!_operations.ContainsKey(id))
            {
                state = default;
            }
            else if (!_statuses.TryGetValue(id, out state))
            {
                state = (DefaultOperationStatus, null, null);
            }
        }

        if (state.Status is null)
        {
            await WriteErrorAsync(context, 404, "NotFound", "No such operation.");
            return 404;
        }

        if (state.Status is "NotStarted" or "Running")
        {
            context.Response.Headers["retry-after"] = "1";
        }

        context.Response.StatusCode = 200;
        object? error = state.Code is null ? null : new { code = state.Code, message = state.Message ?? state.Code };
        await context.Response.WriteAsJsonAsync(new { id = id.ToString("D"), status = state.Status, error }, Json);
        return 200;
    }

    private bool VerifySignature(string method, string pathAndQuery, string host, string date, string contentHash, string authorization, byte[] body)
    {
        const string prefix = "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=";
        if (string.IsNullOrEmpty(date) || string.IsNullOrEmpty(contentHash) || !authorization.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        if (!DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out _))
        {
            return false;
        }

        var actualHash = Convert.ToBase64String(SHA256.HashData(body));
        if (!string.Equals(actualHash, contentHash, StringComparison.Ordinal))
        {
            return false;
        }

        var stringToSign = $"{method}\n{pathAndQuery}\n{date};{host};{contentHash}";
        var expected = HMACSHA256.HashData(_accessKey, Encoding.UTF8.GetBytes(stringToSign));
        byte[] given;
        try
        {
            given = Convert.FromBase64String(authorization[prefix.Length..]);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static AcsAcceptedEmail? ParseEmail(Guid operationId, byte[] body, DateTimeOffset receivedAt)
    {
        try
        {
            var root = JsonNode.Parse(body);
            var sender = root?["senderAddress"]?.GetValue<string>();
            var to = root?["recipients"]?["to"]?.AsArray();
            var content = root?["content"];
            var subject = content?["subject"]?.GetValue<string>();
            if (string.IsNullOrWhiteSpace(sender) || to is null || to.Count == 0 || subject is null)
            {
                return null;
            }

            var first = to[0]!;
            var address = first["address"]?.GetValue<string>();
            if (string.IsNullOrWhiteSpace(address))
            {
                return null;
            }

            var replyTo = root?["replyTo"]?.AsArray().Select(n => n?["address"]?.GetValue<string>() ?? "").ToArray() ?? [];
            return new AcsAcceptedEmail(
                operationId,
                sender,
                address,
                first["displayName"]?.GetValue<string>(),
                subject,
                content?["plainText"]?.GetValue<string>(),
                content?["html"]?.GetValue<string>(),
                replyTo,
                root?["userEngagementTrackingDisabled"]?.GetValue<bool>(),
                Encoding.UTF8.GetString(body),
                receivedAt);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private void Record(AcsRecordedRequest recorded)
    {
        lock (_gate)
        {
            _requests.Add(recorded);
        }

        OnRequest?.Invoke(recorded);
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["x-ms-error-code"] = code;
        await context.Response.WriteAsJsonAsync(new { error = new { code, message } }, Json);
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;
}
