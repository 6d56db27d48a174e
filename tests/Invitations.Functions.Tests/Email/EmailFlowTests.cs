using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Invitations.Email;
using Invitations.Email.DeliveryReports;
using Invitations.Invitations;
using Invitations.Security;
using Invitations.Storage;
using Invitations.Tests.Api;
using Invitations.TestSupport;
using Invitations.TestSupport.Acs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Invitations.Tests.Email;

/// <summary>
/// The email feature over real storage: invitations created through the API (Azurite), jobs taken from the real
/// queue and handed to the dispatcher the way <c>SendInvitationEmail</c> does, the real ACS client against the ACS
/// test server, and the delivery-report and poison-replay HTTP functions through the app's routing.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class EmailFlowTests(AzuriteFixture azurite) : IAsyncLifetime, IDisposable
{
    private const string Secret = "report-secret-for-tests";
    private const string Invitations = "/api/accounts/acct-a/invitations";
    private AcsTestServer _acs = null!;
    private ApiHarness _api = null!;
    private QueueClient _queue = null!;

    public async Task InitializeAsync()
    {
        _acs = await AcsTestServer.StartAsync();
        _api = new ApiHarness(azurite, new Dictionary<string, string?>
        {
            ["Email__ConnectionString"] = _acs.ConnectionString,
            ["Email__SenderAddress"] = "noreply@invitations.test",
            ["Email__DeliveryReportSecret"] = Secret,
            ["Email__MaxRetries"] = "0",
            ["Email__RetryDelay"] = "00:00:00.005",
            ["Email__MaxRetryDelay"] = "00:00:00.010",
            ["Email__NetworkTimeout"] = "00:00:02",
            ["Email__MaxDequeueCount"] = "3",
        });
        _queue = new QueueClient(azurite.ConnectionString, _api.QueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    }

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    public void Dispose() => _api?.Dispose();

    private InvitationEmailDispatcher Dispatcher => _api.Services.GetRequiredService<InvitationEmailDispatcher>();

    private async Task<string> CreateAsync(string email)
    {
        var created = await _api.SendAsync("POST", Invitations, new { email, displayName = "Ana" }, _api.AdminToken());
        Assert.Equal(201, created.Status);
        return created.Json.GetProperty("id").GetString()!;
    }

    /// <summary>Takes the next job off the queue as the trigger would (its message stays for a redelivery test).</summary>
    private async Task<(EmailJob Job, QueueMessage Message)> ReceiveAsync()
    {
        var message = (await _queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value;
        Assert.NotNull(message);
        Assert.True(EmailJob.TryParse(message.Body.ToString(), out var job, out var error), error);
        return (job, message);
    }

    private Task<EmailDispatchResult> DispatchAsync(EmailJob job, long dequeueCount, DateTimeOffset? insertedAt = null) =>
        Dispatcher.DispatchAsync(job, dequeueCount, insertedAt ?? _api.Time.GetUtcNow(), CancellationToken.None);

    private async Task<JsonElement> DeliveryAsync(string id)
    {
        var response = await _api.SendAsync("GET", $"{Invitations}/{id}", token: _api.AdminToken());
        Assert.Equal(200, response.Status);
        return response.Json.GetProperty("emailDelivery");
    }

    private static string Status(JsonElement delivery) => delivery.GetProperty("status").GetString()!;

    [Fact]
    public async Task Created_invitation_is_emailed_once_and_shows_sent()
    {
        var id = await CreateAsync("ana@example.com");
        var (job, _) = await ReceiveAsync();

        Assert.Equal(EmailDispatchResult.Sent, await DispatchAsync(job, 1));

        var email = Assert.Single(_acs.Emails);
        Assert.Equal(job.OperationId, email.OperationId);
        Assert.Contains("https://portal.example/invitations/accept?token=", email.PlainText, StringComparison.Ordinal);
        Assert.Contains("Contoso", email.PlainText, StringComparison.Ordinal); // the account name from the directory
        var delivery = await DeliveryAsync(id);
        Assert.Equal(("sent", 1, 1), (Status(delivery), delivery.GetProperty("linkVersion").GetInt32(), delivery.GetProperty("sendNumber").GetInt32()));
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(job.OperationId.ToString("D"), delivery.GetProperty("operationId").GetString());
    }

    [Fact]
    public async Task Two_deliveries_of_one_job_at_the_same_moment_POST_once_through_the_stored_claim()
    {
        var id = await CreateAsync("twice@example.com");
        var (job, _) = await ReceiveAsync();
        _acs.Latency = TimeSpan.FromMilliseconds(300); // the winner is still POSTing when the loser decides
        using var start = new Barrier(2);

        var results = await Task.WhenAll(
            Task.Run(() => { start.SignalAndWait(); return DispatchAsync(job, 1); }),
            Task.Run(() => { start.SignalAndWait(); return DispatchAsync(job, 1); }));

        Assert.Single(_acs.Requests, r => r.Method == "POST");
        Assert.Single(results, r => r == EmailDispatchResult.Sent);
        Assert.Single(results, r => r == EmailDispatchResult.ClaimHeld);
        Assert.Equal(("sent", 1), (Status(await DeliveryAsync(id)), (await DeliveryAsync(id)).GetProperty("attempts").GetInt32()));

        // The loser put the job back for after the claim's lease; then it finds the send done.
        _api.Time.Advance(_api.Services.GetRequiredService<IOptions<EmailOptions>>().Value.SendClaimLease);
        var (again, _) = await ReceiveWhenVisibleAsync();
        Assert.Equal(EmailDispatchResult.AlreadyDone, await DispatchAsync(again, 1));
        Assert.Single(_acs.Requests, r => r.Method == "POST");
    }

    /// <summary>Waits (real time) for a job put back with a visibility delay.</summary>
    private async Task<(EmailJob Job, QueueMessage Message)> ReceiveWhenVisibleAsync()
    {
        var queued = await _queue.PeekMessagesAsync(32);
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(5);
        while (DateTimeOffset.UtcNow < deadline)
        {
            var message = (await _queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value;
            if (message is not null)
            {
                Assert.True(EmailJob.TryParse(message.Body.ToString(), out var job, out var error), error);
                return (job, message);
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No job became visible ({queued.Value.Length} peeked).");
    }

    [Fact]
    public async Task Redelivery_of_the_same_message_gives_one_POST()
    {
        await CreateAsync("redelivered@example.com");
        var (job, _) = await ReceiveAsync();

        await DispatchAsync(job, 1);
        Assert.Equal(EmailDispatchResult.AlreadyDone, await DispatchAsync(job, 2));

        Assert.Single(_acs.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task A_crash_after_the_POST_before_sent_was_recorded_sends_no_second_email()
    {
        var id = await CreateAsync("crash@example.com");
        var (job, _) = await ReceiveAsync();
        await DispatchAsync(job, 1);

        // Put the row back to what a worker that died between ACS's 202 and the "sent" write leaves behind.
        var writer = _api.Services.GetRequiredService<InvitationWriter>();
        await writer.ChangeAsync("acct-a", Guid.Parse(id), (invitation, now) => invitation.RecordDelivery(
            new EmailDelivery(global::Invitations.Invitations.EmailDeliveryStatus.Sending, now, 1, 1, 1, job.OperationId.ToString("D"))), null, CancellationToken.None);
        Assert.Equal("sending", Status(await DeliveryAsync(id)));
        // The dead worker's claim is taken as crashed once its lease is over.
        _api.Time.Advance(_api.Services.GetRequiredService<IOptions<EmailOptions>>().Value.SendClaimLease);

        Assert.Equal(EmailDispatchResult.AlreadyDone, await DispatchAsync(job, 2));

        Assert.Single(_acs.Requests, r => r.Method == "POST");
        Assert.Contains(_acs.Requests, r => r.Method == "GET"); // it asked ACS for the operation's status first
        Assert.Equal("sent", Status(await DeliveryAsync(id)));
    }

    [Fact]
    public async Task A_429_puts_the_job_back_invisible_for_at_least_Retry_After()
    {
        var id = await CreateAsync("throttled@example.com");
        var (job, message) = await ReceiveAsync();
        _acs.Enqueue(AcsScriptedResponse.Throttled(TimeSpan.FromSeconds(3)));

        Assert.Equal(EmailDispatchResult.Rescheduled, await DispatchAsync(job, 1));
        await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt); // the trigger completes the message
        var rescheduledAt = DateTimeOffset.UtcNow;

        Assert.Empty((await _queue.PeekMessagesAsync(32)).Value); // nothing visible right after the 429
        var delivery = await DeliveryAsync(id);
        Assert.Equal("queued", Status(delivery));
        Assert.Contains("throttled", delivery.GetProperty("reason").GetString(), StringComparison.Ordinal);

        QueueMessage? again = null;
        while (again is null && DateTimeOffset.UtcNow - rescheduledAt < TimeSpan.FromSeconds(15))
        {
            again = (await _queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value;
            if (again is null)
            {
                await Task.Delay(200);
            }
        }

        Assert.NotNull(again);
        Assert.True(DateTimeOffset.UtcNow - rescheduledAt >= TimeSpan.FromSeconds(2.9), "visible before Retry-After");
        Assert.Equal(1, again.DequeueCount); // a throttle is not a failed delivery: it does not count toward poison
        Assert.True(EmailJob.TryParse(again.Body.ToString(), out var rescheduled, out _));
        Assert.Equal(EmailDispatchResult.Sent, await DispatchAsync(rescheduled, again.DequeueCount));
        Assert.Equal("sent", Status(await DeliveryAsync(id)));
    }

    [Fact]
    public async Task A_permanent_error_records_failed_and_is_not_tried_again()
    {
        var id = await CreateAsync("invalid@example.com");
        var (job, _) = await ReceiveAsync();
        _acs.Enqueue(AcsScriptedResponse.BadRequest());

        Assert.Equal(EmailDispatchResult.Failed, await DispatchAsync(job, 1));
        Assert.Equal(EmailDispatchResult.AlreadyDone, await DispatchAsync(job, 2));

        Assert.Single(_acs.Requests, r => r.Method == "POST");
        var delivery = await DeliveryAsync(id);
        Assert.Equal("failed", Status(delivery));
        Assert.False(string.IsNullOrWhiteSpace(delivery.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Repeated_transient_errors_end_failed_on_the_last_delivery()
    {
        var id = await CreateAsync("flaky@example.com");
        var (job, _) = await ReceiveAsync();
        for (var i = 0; i < 10; i++)
        {
            _acs.Enqueue(AcsScriptedResponse.ServerError(503));
        }

        for (var delivery = 1; delivery <= 2; delivery++)
        {
            await Assert.ThrowsAsync<EmailSendTransientException>(() => DispatchAsync(job, delivery));
            Assert.Equal("retrying", Status(await DeliveryAsync(id)));
        }

        await Assert.ThrowsAsync<EmailSendTransientException>(() => DispatchAsync(job, 3)); // maxDequeueCount: then poison
        var final = await DeliveryAsync(id);
        Assert.Equal("failed", Status(final));
        Assert.StartsWith("gave up after 3 deliveries", final.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(_acs.Emails);
    }

    [Fact]
    public async Task A_job_ahead_of_storage_is_retried_within_the_grace_period_then_dropped_as_an_orphan()
    {
        var id = await CreateAsync("orphan@example.com");
        var (job, _) = await ReceiveAsync();
        var ahead = job with { SendNumber = 2 }; // a resend whose invitation write never landed
        var missing = job with { InvitationId = Guid.NewGuid() }; // a create whose write never landed
        var now = _api.Time.GetUtcNow();

        await Assert.ThrowsAsync<EmailJobNotReadyException>(() => DispatchAsync(ahead, 1, now));
        await Assert.ThrowsAsync<EmailJobNotReadyException>(() => DispatchAsync(missing, 1, now));
        Assert.Equal(EmailDispatchResult.Dropped, await DispatchAsync(ahead, 2, now - TimeSpan.FromMinutes(3)));
        Assert.Equal(EmailDispatchResult.Dropped, await DispatchAsync(missing, 3, now)); // last delivery: dropped, not poisoned

        Assert.Empty(_acs.Requests);
        Assert.Equal("queued", Status(await DeliveryAsync(id)));
    }

    [Theory]
    [InlineData("expired", "the invitation expired")]
    [InlineData("revoked", "the invitation was revoked")]
    public async Task A_job_dropped_while_its_send_shows_queued_leaves_a_final_status_and_a_history_entry(string how, string why)
    {
        var id = await CreateAsync($"dropped-{how}@example.com");
        var (job, _) = await ReceiveAsync();
        if (how == "expired")
        {
            _api.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1)); // the sweep has not run yet: still "queued"
        }
        else
        {
            Assert.Equal(200, (await _api.SendAsync("POST", $"{Invitations}/{id}/revoke", token: _api.AdminToken())).Status);
        }

        Assert.Equal("queued", Status(await DeliveryAsync(id)));
        Assert.Equal(EmailDispatchResult.Dropped, await DispatchAsync(job, 1));

        Assert.Empty(_acs.Requests);
        var delivery = await DeliveryAsync(id);
        Assert.Equal("dropped", Status(delivery));
        Assert.Equal($"not sent: {why} before the email went out", delivery.GetProperty("reason").GetString());
        var history = (await _api.SendAsync("GET", $"{Invitations}/{id}/history", token: _api.AdminToken())).Json;
        Assert.Contains(history.GetProperty("items").EnumerateArray(), e =>
            e.GetProperty("event").GetString() == "email-dropped" && e.GetProperty("details").GetString() == delivery.GetProperty("reason").GetString());

        // A redelivery of the same job changes nothing more.
        Assert.Equal(EmailDispatchResult.Dropped, await DispatchAsync(job, 2));
        Assert.Equal(delivery.GetProperty("at").GetString(), (await DeliveryAsync(id)).GetProperty("at").GetString());
    }

    [Fact]
    public async Task A_job_for_an_older_link_version_is_dropped_and_the_new_link_is_mailed()
    {
        var id = await CreateAsync("superseded@example.com");
        var (first, firstMessage) = await ReceiveAsync();
        await _queue.DeleteMessageAsync(firstMessage.MessageId, firstMessage.PopReceipt);
        Assert.Equal(202, (await _api.SendAsync("POST", $"{Invitations}/{id}/reissue", token: _api.AdminToken())).Status);
        var (second, _) = await ReceiveAsync();

        Assert.Equal(EmailDispatchResult.Dropped, await DispatchAsync(first, 1));
        Assert.Empty(_acs.Requests);

        Assert.Equal((2, EmailJobKinds.Reissue), (second.LinkVersion, second.Kind));
        Assert.Equal(EmailDispatchResult.Sent, await DispatchAsync(second, 1));
        var link = (await _api.SendAsync("GET", $"{Invitations}/{id}/link", token: _api.AdminToken())).Json.GetProperty("url").GetString()!;
        Assert.Contains(link, Assert.Single(_acs.Emails).PlainText, StringComparison.Ordinal);
        Assert.Equal(2, (await DeliveryAsync(id)).GetProperty("linkVersion").GetInt32());
    }

    [Fact]
    public async Task Event_Grid_validation_handshake_is_answered()
    {
        var body = """
            [{"id":"1","topic":"/subscriptions/x","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent",
              "eventTime":"2026-11-27T09:00:00Z","dataVersion":"2","metadataVersion":"1",
              "data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6","validationUrl":"https://rp-eastus2.eventgrid.azure.net/x"}}]
            """;

        var response = await _api.SendAsync("POST", $"/api/email/delivery-reports?secret={Secret}", body);

        Assert.Equal(200, response.Status);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", response.Json.GetProperty("validationResponse").GetString());
    }

    [Fact]
    public async Task Delivered_and_bounced_reports_update_the_right_invitations()
    {
        var delivered = await CreateAsync("delivered@example.com");
        var bounced = await CreateAsync("bounced@example.com");
        var jobs = new[] { (await ReceiveAsync()).Job, (await ReceiveAsync()).Job };
        foreach (var job in jobs)
        {
            await DispatchAsync(job, 1);
        }

        var byInvitation = jobs.ToDictionary(j => j.InvitationId.ToString("D"), j => j.OperationId.ToString("D"));
        var body = "[" + Report(byInvitation[delivered], "Delivered", null) + "," + Report(byInvitation[bounced], "Bounced", "Mailbox full") + "," +
                   Report(Guid.NewGuid().ToString("D"), "Delivered", null) + "]";

        var response = await _api.SendAsync("POST", $"/api/email/delivery-reports?secret={Secret}", body);

        Assert.Equal(200, response.Status);
        Assert.Equal((2, 1), (response.Json.GetProperty("recorded").GetInt32(), response.Json.GetProperty("unknownMessageIds").GetInt32()));
        Assert.Equal("delivered", Status(await DeliveryAsync(delivered)));
        var bounce = await DeliveryAsync(bounced);
        Assert.Equal(("bounced", "bounced: Mailbox full"), (Status(bounce), bounce.GetProperty("reason").GetString()));
    }

    [Theory]
    [InlineData("/api/email/delivery-reports?secret=wrong")]
    [InlineData("/api/email/delivery-reports")]
    public async Task A_bad_or_missing_secret_gets_401_and_changes_nothing(string path)
    {
        var id = await CreateAsync("nosecret@example.com");
        var (job, _) = await ReceiveAsync();
        await DispatchAsync(job, 1);

        var response = await _api.SendAsync("POST", path, "[" + Report(job.OperationId.ToString("D"), "Bounced", null) + "]");

        Assert.Equal(401, response.Status);
        Assert.Equal("unauthorized", response.ProblemCode);
        Assert.Equal("application/problem+json", response.Header("Content-Type")?.Split(';')[0]);
        Assert.Equal(EmailDeliveryReportsFunction.Challenge, response.Header("WWW-Authenticate"));
        Assert.DoesNotContain(Secret, response.Body, StringComparison.Ordinal);
        Assert.Equal("sent", Status(await DeliveryAsync(id)));
    }

    [Fact]
    public async Task The_CloudEvents_webhook_validation_is_answered_with_the_allowed_origin_only_with_the_secret()
    {
        var origin = new Dictionary<string, string> { ["WebHook-Request-Origin"] = "eventgrid.azure.net" };

        var allowed = await _api.SendAsync("OPTIONS", $"/api/email/delivery-reports?secret={Secret}", headers: origin);
        var refused = await _api.SendAsync("OPTIONS", "/api/email/delivery-reports?secret=wrong", headers: origin);
        var noOrigin = await _api.SendAsync("OPTIONS", $"/api/email/delivery-reports?secret={Secret}");

        Assert.Equal(200, allowed.Status);
        Assert.Equal("eventgrid.azure.net", allowed.Header("WebHook-Allowed-Origin"));
        Assert.Equal((401, "unauthorized"), (refused.Status, refused.ProblemCode));
        Assert.Equal(EmailDeliveryReportsFunction.Challenge, refused.Header("WWW-Authenticate"));
        Assert.Null(refused.Header("WebHook-Allowed-Origin"));
        Assert.Equal((400, "validation-failed"), (noOrigin.Status, noOrigin.ProblemCode));
    }

    [Fact]
    public async Task A_CloudEvents_bounce_of_an_older_send_is_recorded_in_the_history_and_reported_as_such()
    {
        var id = await CreateAsync("older@example.com");
        var (first, firstMessage) = await ReceiveAsync();
        await DispatchAsync(first, 1);
        await _queue.DeleteMessageAsync(firstMessage.MessageId, firstMessage.PopReceipt);
        Assert.Equal(202, (await _api.SendAsync("POST", $"{Invitations}/{id}/resend", token: _api.AdminToken())).Status);
        var (second, _) = await ReceiveAsync();
        await DispatchAsync(second, 1);

        var response = await _api.SendAsync("POST", $"/api/email/delivery-reports?secret={Secret}",
            CloudReport(first.OperationId.ToString("D"), "Bounced", "Mailbox full"),
            headers: new Dictionary<string, string> { ["Content-Type"] = "application/cloudevents+json; charset=utf-8" });

        Assert.Equal(200, response.Status);
        Assert.Equal("reports", response.Json.GetProperty("kind").GetString());
        Assert.Equal((1, 0, 1), (response.Json.GetProperty("recorded").GetInt32(), response.Json.GetProperty("applied").GetInt32(), response.Json.GetProperty("recordedInHistory").GetInt32()));
        var latest = await DeliveryAsync(id);
        Assert.Equal(("sent", 2), (Status(latest), latest.GetProperty("sendNumber").GetInt32()));
        var history = (await _api.SendAsync("GET", $"{Invitations}/{id}/history", token: _api.AdminToken())).Json.GetProperty("items").EnumerateArray();
        var bounce = Assert.Single(history, e => e.GetProperty("event").GetString() == "email-failed");
        Assert.Equal("email 1 of link 1: bounced: Mailbox full", bounce.GetProperty("details").GetString());

        var again = await _api.SendAsync("POST", $"/api/email/delivery-reports?secret={Secret}", "[" + Report(second.OperationId.ToString("D"), "Delivered", null) + "]");
        Assert.Equal((1, 1, 0), (again.Json.GetProperty("recorded").GetInt32(), again.Json.GetProperty("applied").GetInt32(), again.Json.GetProperty("recordedInHistory").GetInt32()));
        Assert.Equal("delivered", Status(await DeliveryAsync(id)));
    }

    [Fact]
    public async Task A_message_id_in_the_ACS_answer_that_differs_from_the_Operation_Id_also_finds_the_invitation()
    {
        var id = await CreateAsync("otherid@example.com");
        var (job, _) = await ReceiveAsync();
        var source = _api.Services.GetRequiredService<IInvitationEmailSource>();
        var returned = Guid.NewGuid();
        var context = await source.LoadAsync(job, CancellationToken.None);
        var claim = await source.ClaimAsync(job, context!, _api.Time.GetUtcNow(), CancellationToken.None);
        Assert.NotNull(claim);
        await source.RecordAsync(job, new EmailDeliveryUpdate(EmailDeliveryStatus.Sent, job.OperationId, 1, _api.Time.GetUtcNow(), MessageId: returned.ToString("D")), claim, CancellationToken.None);

        var response = await _api.SendAsync("POST", $"/api/email/delivery-reports?secret={Secret}", "[" + Report(returned.ToString("D"), "Bounced", null) + "]");

        Assert.Equal((1, 0), (response.Json.GetProperty("applied").GetInt32(), response.Json.GetProperty("unknownMessageIds").GetInt32()));
        var delivery = await DeliveryAsync(id);
        Assert.Equal(("bounced", job.OperationId.ToString("D")), (Status(delivery), delivery.GetProperty("operationId").GetString()));
    }

    [Fact]
    public async Task Poison_replay_moves_one_accounts_jobs_back_and_reports_the_count()
    {
        var poison = new QueueClient(azurite.ConnectionString, _api.QueueName + "-poison", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync(new EmailJob("acct-a", Guid.NewGuid(), 1, 1, EmailJobKinds.Invitation).ToJson());
        await poison.SendMessageAsync(new EmailJob("acct-a", Guid.NewGuid(), 1, 2, EmailJobKinds.Resend).ToJson());
        await poison.SendMessageAsync(new EmailJob("acct-b", Guid.NewGuid(), 1, 1, EmailJobKinds.Invitation).ToJson());
        var ops = _api.Mint(new DevelopmentTokenRequest { UserId = "ops-1", Name = "Ops", Email = "ops@example.com", Roles = ["Invitations.Ops"] });

        var forbidden = await _api.SendAsync("POST", "/api/ops/email-poison/replay", new { accountId = "acct-a" }, _api.AdminToken());
        var replayed = await _api.SendAsync("POST", "/api/ops/email-poison/replay", new { accountId = "acct-a" }, ops);

        Assert.Equal((403, "forbidden"), (forbidden.Status, forbidden.ProblemCode));
        Assert.Equal(200, replayed.Status);
        Assert.Equal((2, 1), (replayed.Json.GetProperty("moved").GetInt32(), replayed.Json.GetProperty("left").GetInt32()));
        var jobs = await _api.EmailJobsAsync();
        Assert.Equal(2, jobs.Count);
        Assert.All(jobs, j => Assert.Equal(("acct-a", 1), (j.GetProperty("accountId").GetString(), j.GetProperty("replays").GetInt32())));

        var rest = await _api.SendAsync("POST", "/api/ops/email-poison/replay", token: ops);
        Assert.Equal((1, 0), (rest.Json.GetProperty("moved").GetInt32(), rest.Json.GetProperty("left").GetInt32()));
    }

    private static string Report(string messageId, string status, string? detail) => $$$"""
        {"id":"{{{Guid.NewGuid()}}}","topic":"/subscriptions/x/resourceGroups/rg/providers/Microsoft.Communication/communicationServices/acs",
         "subject":"sender/noreply@invitations.test/message/{{{messageId}}}","eventType":"Microsoft.Communication.EmailDeliveryReportReceived",
         "eventTime":"2026-11-27T09:01:05Z","dataVersion":"1.0","metadataVersion":"1",
         "data":{"sender":"noreply@invitations.test","recipient":"someone@example.com","messageId":"{{{messageId}}}","status":"{{{status}}}",
                 "deliveryStatusDetails":{"statusMessage":{{{(detail is null ? "null" : $"\"{detail}\"")}}}},
                 "deliveryAttemptTimeStamp":"2026-11-27T09:01:00Z"}}
        """;

    private static string CloudReport(string messageId, string status, string? detail) => $$$"""
        {"specversion":"1.0","id":"{{{Guid.NewGuid()}}}","type":"Microsoft.Communication.EmailDeliveryReportReceived",
         "source":"/subscriptions/x/resourceGroups/rg/providers/Microsoft.Communication/communicationServices/acs",
         "subject":"sender/noreply@invitations.test/message/{{{messageId}}}","time":"2026-11-27T09:01:05Z","datacontenttype":"application/json",
         "data":{"sender":"noreply@invitations.test","recipient":"someone@example.com","messageId":"{{{messageId}}}","status":"{{{status}}}",
                 "deliveryStatusDetails":{"statusMessage":{{{(detail is null ? "null" : $"\"{detail}\"")}}}},
                 "deliveryAttemptTimestamp":"2026-11-27T09:01:00Z"}}
        """;
}
