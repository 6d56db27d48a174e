using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Extensions.Logging;

namespace Invitations.Email.Acs;

/// <summary>
/// ACS Email REST client (API 2023-03-31) on Azure.Core's <see cref="HttpPipeline"/>, which brings retries,
/// per-attempt timeouts, logging with header redaction, a User-Agent and cancellation.
/// <list type="bullet">
/// <item><c>POST {endpoint}/emails:send</c> with an <c>Operation-Id</c> header → 202 and the operation.</item>
/// <item><c>GET {endpoint}/emails/operations/{id}</c> → NotStarted, Running, Succeeded, Failed or Canceled.</item>
/// </list>
/// Auth: HMAC with the connection string's access key, else a bearer token for <see cref="TokenScope"/>.
/// Azure.Core logs only allow-listed headers, so <c>Authorization</c> is written as REDACTED.
/// </summary>
public sealed partial class AcsEmailClient : IEmailSender
{
    public const string ApiVersion = "2023-03-31";
    public const string TokenScope = "https://communication.azure.com//.default";
    public const string OperationIdHeader = "Operation-Id";

    private const int MaxReasonLength = 200;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpPipeline _pipeline;
    private readonly string _baseUrl;
    private readonly EmailOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <param name="options">Validated email options; one of ConnectionString or Endpoint is set.</param>
    /// <param name="credential">Token credential for the endpoint mode; null picks one from <see cref="EmailOptions.ClientId"/>.</param>
    /// <param name="transport">Transport override for tests; null uses Azure.Core's shared HttpClient.</param>
    public AcsEmailClient(EmailOptions options, TimeProvider timeProvider, ILogger<AcsEmailClient> logger, TokenCredential? credential = null, HttpPipelineTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));

        Uri endpoint;
        HttpPipelinePolicy authentication;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            var connection = AcsConnectionString.Parse(options.ConnectionString);
            endpoint = connection.Endpoint;
            authentication = new AcsHmacAuthenticationPolicy(connection.AccessKey, timeProvider);
        }
        else if (Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var configured))
        {
            endpoint = configured;
            credential ??= string.IsNullOrWhiteSpace(options.ClientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
            authentication = new BearerTokenAuthenticationPolicy(credential, TokenScope);
        }
        else
        {
            throw new InvalidOperationException("The ACS email client needs Email:ConnectionString or Email:Endpoint.");
        }

        _baseUrl = endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');

        var clientOptions = new AcsEmailClientOptions();
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.MaxDelay = options.MaxRetryDelay;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        clientOptions.RetryPolicy = new AcsRetryPolicy(options.MaxRetries, options.RetryDelay, options.MaxRetryDelay, timeProvider);
        foreach (var header in (string[])[OperationIdHeader, "Operation-Location", "x-ms-error-code", "retry-after-ms", "x-ms-retry-after-ms"])
        {
            clientOptions.Diagnostics.LoggedHeaderNames.Add(header);
        }

        if (transport is not null)
        {
            clientOptions.Transport = transport;
        }

        // Authentication is per retry: each attempt is signed (HMAC date and signature) or carries a valid token afresh.
        _pipeline = HttpPipelineBuilder.Build(new HttpPipelineOptions(clientOptions)
        {
            PerRetryPolicies = { authentication },
            ResponseClassifier = new AcsResponseClassifier(),
        });
    }

    public async Task<EmailSendOutcome> SendAsync(EmailMessage message, Guid operationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);

        var body = new AcsSendRequest(
            _options.SenderAddress,
            new AcsRecipients([new AcsAddress(message.ToAddress, message.ToDisplayName)]),
            new AcsContent(message.Subject, message.PlainText, message.Html),
            message.ReplyTo is null ? null : [new AcsAddress(message.ReplyTo, null)],
            UserEngagementTrackingDisabled: true);

        using var http = _pipeline.CreateMessage();
        http.Request.Method = RequestMethod.Post;
        http.Request.Uri.Reset(new Uri($"{_baseUrl}/emails:send?api-version={ApiVersion}"));
        http.Request.Headers.SetValue(OperationIdHeader, operationId.ToString("D"));
        http.Request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json");
        http.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(body, JsonOptions));

        try
        {
            await _pipeline.SendAsync(http, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            var reason = Shorten($"no response after retries: {ex.GetType().Name}");
            LogTransient(_logger, operationId, 0, reason);
            return new EmailTransientFailure(reason);
        }

        return MapSendResponse(http.Response, operationId);
    }

    public async Task<EmailOperationStatus> GetOperationStatusAsync(Guid operationId, CancellationToken cancellationToken)
    {
        using var http = _pipeline.CreateMessage();
        http.Request.Method = RequestMethod.Get;
        http.Request.Uri.Reset(new Uri($"{_baseUrl}/emails/operations/{operationId:D}?api-version={ApiVersion}"));

        try
        {
            await _pipeline.SendAsync(http, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            return EmailOperationStatus.Unknown(Shorten($"no response after retries: {ex.GetType().Name}"));
        }

        var response = http.Response;
        if (response.Status == 404)
        {
            return new EmailOperationStatus(EmailOperationState.NotFound);
        }

        if (response.Status != 200)
        {
            var (code, text) = ReadError(response);
            return EmailOperationStatus.Unknown(Shorten($"{response.Status} {code}: {text}"));
        }

        var result = TryRead<AcsSendResult>(response);
        var state = result?.Status switch
        {
            "NotStarted" => EmailOperationState.NotStarted,
            "Running" => EmailOperationState.Running,
            "Succeeded" => EmailOperationState.Succeeded,
            "Failed" => EmailOperationState.Failed,
            "Canceled" => EmailOperationState.Canceled,
            _ => EmailOperationState.Unknown,
        };
        return new EmailOperationStatus(state, result?.Error?.Code, result?.Error?.Message is { } m ? Shorten(m) : null);
    }

    private EmailSendOutcome MapSendResponse(Response response, Guid operationId)
    {
        var status = response.Status;
        if (status is >= 200 and < 300)
        {
            var result = TryRead<AcsSendResult>(response);
            var id = Guid.TryParse(result?.Id, out var returned) ? returned : operationId;
            LogAccepted(_logger, id, status);

            // ACS's delivery reports name the email by the operation id of its send.
            return new EmailAccepted(id, id.ToString("D"));
        }

        if (status == 429)
        {
            var wait = AcsRetryAfter.From(response, _timeProvider.GetUtcNow()) ?? _options.DefaultThrottleDelay;
            LogThrottled(_logger, operationId, wait);
            return new EmailThrottled(wait);
        }

        var (code, text) = ReadError(response);
        var reason = Shorten(string.IsNullOrEmpty(text) ? $"HTTP {status}" : $"HTTP {status}: {text}");

        // 408 and 5xx that outlived the pipeline's retries, and 401 (a credential problem an operator can fix,
        // after which poison messages are replayed): retry later. Any other 4xx cannot succeed by repeating it:
        // 400 invalid recipient or payload, 403/404 domain not linked, 413 too large.
        if (status is 401 or 408 or >= 500)
        {
            LogTransient(_logger, operationId, status, reason);
            return new EmailTransientFailure(reason);
        }

        LogPermanent(_logger, operationId, status, code);
        return new EmailPermanentFailure(reason, code ?? $"Http{status}");
    }

    private static (string? Code, string? Message) ReadError(Response response)
    {
        var error = TryRead<AcsErrorResponse>(response)?.Error;
        var code = error?.Code;
        if (string.IsNullOrEmpty(code) && response.Headers.TryGetValue("x-ms-error-code", out var header))
        {
            code = header;
        }

        return (code, error?.Message);
    }

    private static T? TryRead<T>(Response response)
        where T : class
    {
        if (response.ContentStream is null || response.Content.ToMemory().IsEmpty)
        {
            return null;
        }

        try
        {
            return response.Content.ToObjectFromJson<T>(JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested &&
        ex is RequestFailedException or AggregateException or IOException or HttpRequestException or TimeoutException or OperationCanceledException;

    private static string Shorten(string text)
    {
        var line = HeaderText.SingleLine(text);
        return line.Length <= MaxReasonLength ? line : line[..MaxReasonLength];
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "ACS accepted email operation {OperationId} ({Status})")]
    private static partial void LogAccepted(ILogger logger, Guid operationId, int status);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "ACS throttled email operation {OperationId}; retry after {RetryAfter}")]
    private static partial void LogThrottled(ILogger logger, Guid operationId, TimeSpan retryAfter);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "ACS refused email operation {OperationId} permanently ({Status}, {ErrorCode})")]
    private static partial void LogPermanent(ILogger logger, Guid operationId, int status, string? errorCode);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "ACS email operation {OperationId} failed transiently ({Status}): {Reason}")]
    private static partial void LogTransient(ILogger logger, Guid operationId, int status, string reason);

    private sealed class AcsEmailClientOptions : ClientOptions;
}
