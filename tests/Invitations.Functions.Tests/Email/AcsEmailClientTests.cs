using System.Diagnostics.Tracing;
using Azure.Core;
using Azure.Core.Diagnostics;
using Invitations.Email;
using Invitations.Email.Acs;
using Invitations.TestSupport.Acs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Invitations.Tests.Email;

/// <summary>The ACS REST client against the local ACS-compatible server.</summary>
public sealed class AcsEmailClientTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
    private AcsTestServer _server = null!;

    public async Task InitializeAsync() => _server = await AcsTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Send_posts_a_signed_request_with_the_operation_id_and_is_accepted()
    {
        var client = CreateClient();
        var operationId = EmailOperationIds.For("inv-1", 1, 1);

        var outcome = await client.SendAsync(Message(), operationId, CancellationToken.None);

        var accepted = Assert.IsType<EmailAccepted>(outcome);
        Assert.Equal(operationId, accepted.OperationId);
        Assert.Equal(operationId.ToString("D"), accepted.MessageId);

        var request = Assert.Single(_server.Requests);
        Assert.True(request.SignatureValid);
        Assert.Equal(operationId, request.OperationId);
        Assert.Equal("/emails:send?api-version=2023-03-31", request.PathAndQuery);
        Assert.Equal("Thu, 26 Nov 2026 09:00:00 GMT", request.Date);

        var email = Assert.Single(_server.Emails);
        Assert.Equal("noreply@invitations.test", email.SenderAddress);
        Assert.Equal("ada@example.com", email.ToAddress);
        Assert.Equal("Ada Lovelace", email.ToDisplayName);
        Assert.Equal("You are invited", email.Subject);
        Assert.Equal("<p>Hello</p>", email.Html);
        Assert.Equal("Hello", email.PlainText);
        Assert.Equal(["support@example.com"], email.ReplyTo);
        Assert.True(email.UserEngagementTrackingDisabled);
    }

    [Fact]
    public async Task The_same_operation_id_twice_is_one_email()
    {
        var client = CreateClient();
        var operationId = EmailOperationIds.For("inv-2", 1, 1);

        var first = await client.SendAsync(Message(), operationId, CancellationToken.None);
        var second = await client.SendAsync(Message(), operationId, CancellationToken.None);

        Assert.IsType<EmailAccepted>(first);
        Assert.IsType<EmailAccepted>(second);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Single(_server.Emails);
    }

    [Fact]
    public async Task Throttling_returns_retry_after_seconds_without_retrying_in_process()
    {
        _server.Enqueue(AcsScriptedResponse.Throttled(TimeSpan.FromSeconds(42)));

        var outcome = await CreateClient().SendAsync(Message(), Guid.NewGuid(), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(42), Assert.IsType<EmailThrottled>(outcome).RetryAfter);
        Assert.Single(_server.Requests);
        Assert.Empty(_server.Emails);
    }

    [Fact]
    public async Task Throttling_reads_retry_after_as_an_http_date()
    {
        _server.Enqueue(AcsScriptedResponse.ThrottledUntil(_clock.GetUtcNow().AddSeconds(90)));

        var outcome = await CreateClient().SendAsync(Message(), Guid.NewGuid(), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(90), Assert.IsType<EmailThrottled>(outcome).RetryAfter);
    }

    [Fact]
    public async Task Throttling_prefers_retry_after_ms()
    {
        _server.Enqueue(AcsScriptedResponse.ThrottledMilliseconds(1500));

        var outcome = await CreateClient().SendAsync(Message(), Guid.NewGuid(), CancellationToken.None);

        Assert.Equal(TimeSpan.FromMilliseconds(1500), Assert.IsType<EmailThrottled>(outcome).RetryAfter);
    }

    [Fact]
    public async Task Invalid_recipient_is_a_permanent_failure_after_one_attempt()
    {
        _server.Enqueue(AcsScriptedResponse.BadRequest());

        var outcome = await CreateClient().SendAsync(Message(), Guid.NewGuid(), CancellationToken.None);

        var failure = Assert.IsType<EmailPermanentFailure>(outcome);
        Assert.Equal("InvalidRecipientAddress", failure.Code);
        Assert.Contains("400", failure.Reason, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Domain_not_linked_is_a_permanent_failure()
    {
        _server.Enqueue(AcsScriptedResponse.Forbidden(), AcsScriptedResponse.NotFound());
        var client = CreateClient();

        var forbidden = await client.SendAsync(Message(), Guid.NewGuid(), CancellationToken.None);
        var notFound = await client.SendAsync(Message(), Guid.NewGuid(), CancellationToken.None);

        Assert.Equal("DomainNotLinked", Assert.IsType<EmailPermanentFailure>(forbidden).Code);
        Assert.Equal("DomainNotFound", Assert.IsType<EmailPermanentFailure>(notFound).Code);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task Repeated_server_errors_are_transient_after_the_pipeline_retries()
    {
        _server.Enqueue(Enumerable.Range(0, 10).Select(_ => AcsScriptedResponse.ServerError(503)).ToArray());

        var outcome = await CreateClient(maxRetries: 2).SendAsync(Message(), Guid.NewGuid(), CancellationToken.None);

        Assert.IsType<EmailTransientFailure>(outcome);
        Assert.Equal(3, _server.Requests.Count); // one attempt and two retries
        Assert.Empty(_server.Emails);
    }

    [Fact]
    public async Task A_long_retry_after_on_a_server_error_goes_back_to_the_queue_instead_of_sleeping()
    {
        _server.Enqueue(AcsScriptedResponse.ServerError(503).WithHeader("Retry-After", "30"), AcsScriptedResponse.Accepted());
        var started = DateTime.UtcNow;

        var outcome = await CreateClient(maxRetries: 1).SendAsync(Message(), Guid.NewGuid(), CancellationToken.None);

        Assert.IsType<EmailTransientFailure>(outcome);
        Assert.Single(_server.Requests);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "the pipeline slept for the server's Retry-After");
    }

    [Fact]
    public async Task A_short_retry_after_on_a_server_error_is_retried_in_process()
    {
        _server.Enqueue(AcsScriptedResponse.ServerError(503).WithHeader("retry-after-ms", "10"), AcsScriptedResponse.Accepted());

        var outcome = await CreateClient(maxRetries: 1).SendAsync(Message(), Guid.NewGuid(), CancellationToken.None);

        Assert.IsType<EmailAccepted>(outcome);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task A_retry_is_signed_afresh_and_succeeds()
    {
        _server.Enqueue(AcsScriptedResponse.ServerError());
        _server.OnRequest = _ => _clock.Advance(TimeSpan.FromSeconds(5));
        var operationId = Guid.NewGuid();

        var outcome = await CreateClient(maxRetries: 2).SendAsync(Message(), operationId, CancellationToken.None);

        Assert.IsType<EmailAccepted>(outcome);
        var attempts = _server.Requests;
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.True(a.SignatureValid));
        Assert.All(attempts, a => Assert.Equal(operationId, a.OperationId));
        Assert.NotEqual(attempts[0].Date, attempts[1].Date);
        Assert.Single(_server.Emails);
    }

    [Fact]
    public async Task A_slow_service_times_out_and_is_transient()
    {
        _server.Enqueue(Enumerable.Range(0, 3).Select(_ => AcsScriptedResponse.Slow(TimeSpan.FromSeconds(10))).ToArray());

        var outcome = await CreateClient(maxRetries: 1, networkTimeout: TimeSpan.FromMilliseconds(300))
            .SendAsync(Message(), Guid.NewGuid(), CancellationToken.None);

        Assert.IsType<EmailTransientFailure>(outcome);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Empty(_server.Emails);
    }

    [Fact]
    public async Task A_wrong_access_key_is_refused_by_the_server()
    {
        var client = CreateClient(connectionString: $"endpoint={_server.Endpoint};accesskey={Convert.ToBase64String(new byte[32])}");

        var outcome = await client.SendAsync(Message(), Guid.NewGuid(), CancellationToken.None);

        // 401 is an operator's fix away: transient, so the message ends in poison and can be replayed.
        Assert.IsType<EmailTransientFailure>(outcome);
        Assert.All(_server.Requests, r => Assert.False(r.SignatureValid));
        Assert.Empty(_server.Emails);
    }

    [Fact]
    public async Task Operation_status_reports_success_failure_and_unknown_ids()
    {
        var client = CreateClient();
        var delivered = Guid.NewGuid();
        var suppressed = Guid.NewGuid();
        var running = Guid.NewGuid();
        await client.SendAsync(Message(), delivered, CancellationToken.None);
        await client.SendAsync(Message(), suppressed, CancellationToken.None);
        await client.SendAsync(Message(), running, CancellationToken.None);
        _server.SetOperationStatus(suppressed, "Failed", "EmailDroppedAllRecipientsSuppressed", "All recipients are suppressed.");
        _server.SetOperationStatus(running, "Running");

        var succeeded = await client.GetOperationStatusAsync(delivered, CancellationToken.None);
        var failed = await client.GetOperationStatusAsync(suppressed, CancellationToken.None);
        var inProgress = await client.GetOperationStatusAsync(running, CancellationToken.None);
        var unknown = await client.GetOperationStatusAsync(Guid.NewGuid(), CancellationToken.None);

        Assert.Equal(EmailOperationState.Succeeded, succeeded.State);
        Assert.Equal(EmailOperationState.Failed, failed.State);
        Assert.True(failed.IsRecipientSuppressed);
        Assert.Equal("EmailDroppedAllRecipientsSuppressed", failed.ErrorCode);
        Assert.Equal(EmailOperationState.Running, inProgress.State);
        Assert.False(inProgress.IsTerminal);
        Assert.True(inProgress.WasAccepted);
        Assert.Equal(EmailOperationState.NotFound, unknown.State);
        Assert.False(unknown.WasAccepted);
        Assert.All(_server.Requests, r => Assert.True(r.SignatureValid));
    }

    [Fact]
    public async Task A_lost_response_leaves_an_operation_that_status_finds()
    {
        _server.Enqueue(Enumerable.Range(0, 5).Select(_ => AcsScriptedResponse.AcceptedButLost()).ToArray());
        var client = CreateClient(maxRetries: 2);
        var operationId = Guid.NewGuid();

        var outcome = await client.SendAsync(Message(), operationId, CancellationToken.None);
        var status = await client.GetOperationStatusAsync(operationId, CancellationToken.None);

        Assert.IsType<EmailTransientFailure>(outcome);
        Assert.True(status.WasAccepted);
        Assert.Single(_server.Emails); // the retries reused the Operation-Id: still one email
    }

    [Fact]
    public async Task Azure_Core_logs_redact_the_signature()
    {
        var messages = new List<string>();
        using (AzureEventSourceListener.CreateConsoleLogger(EventLevel.Verbose))
        using (new AzureEventSourceListener((e, text) => { lock (messages) { messages.Add(text); } }, EventLevel.Verbose))
        {
            await CreateClient().SendAsync(Message(), Guid.NewGuid(), CancellationToken.None);
        }

        var log = string.Join("\n", messages);
        Assert.Contains("Authorization:REDACTED", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature=", log, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.AccessKey, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoint_mode_sends_a_bearer_token_for_the_communication_scope()
    {
        var handler = new CapturingHandler(System.Net.HttpStatusCode.Accepted);
        var credential = new StaticTokenCredential("token-123");
        var options = Options(maxRetries: 0);
        options.Endpoint = "https://contoso.communication.azure.com";
#pragma warning disable CA2000
        var client = new AcsEmailClient(options, _clock, NullLogger<AcsEmailClient>.Instance, credential, new Azure.Core.Pipeline.HttpClientTransport(new HttpClient(handler)));
#pragma warning restore CA2000

        await client.SendAsync(Message(), Guid.NewGuid(), CancellationToken.None);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("https://contoso.communication.azure.com/emails:send?api-version=2023-03-31", sent.RequestUri!.AbsoluteUri);
        Assert.Equal("Bearer token-123", sent.Headers.GetValues("Authorization").Single());
        Assert.Equal([AcsEmailClient.TokenScope], credential.Scopes);
    }

    private AcsEmailClient CreateClient(int maxRetries = 3, TimeSpan? networkTimeout = null, string? connectionString = null)
    {
        var options = Options(maxRetries, networkTimeout);
        options.ConnectionString = connectionString ?? _server.ConnectionString;
        return new AcsEmailClient(options, _clock, NullLogger<AcsEmailClient>.Instance);
    }

    private static EmailOptions Options(int maxRetries = 3, TimeSpan? networkTimeout = null) => new()
    {
        SenderAddress = "noreply@invitations.test",
        MaxRetries = maxRetries,
        RetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(20),
        NetworkTimeout = networkTimeout ?? TimeSpan.FromSeconds(10),
    };

    private static EmailMessage Message(string? replyTo = "support@example.com") =>
        new("ada@example.com", "Ada Lovelace", "You are invited", "<p>Hello</p>", "Hello", replyTo);

    private sealed class StaticTokenCredential(string token) : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
