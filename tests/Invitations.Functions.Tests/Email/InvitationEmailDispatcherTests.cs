using System.Collections.Concurrent;
using Invitations.Email;
using Invitations.Invitations;
using Invitations.Email.Acs;
using Invitations.Email.Rendering;
using Invitations.TestSupport.Acs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Invitations.Tests.Email;

/// <summary>
/// Exactly-once effect of the dispatcher: the real ACS client against the ACS test server, with an in-memory
/// invitation source (the storage-backed one is the invitations feature's).
/// </summary>
public sealed class InvitationEmailDispatcherTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryEmailSource _source = new();
    private readonly RecordingQueue _scheduler = new();
    private AcsTestServer _server = null!;
    private InvitationEmailDispatcher _dispatcher = null!;
    private EmailOptions _options = null!;

    public async Task InitializeAsync()
    {
        _server = await AcsTestServer.StartAsync();
        var options = new EmailOptions
        {
            ConnectionString = _server.ConnectionString,
            SenderAddress = "noreply@invitations.test",
            MaxRetries = 1,
            RetryDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryDelay = TimeSpan.FromMilliseconds(10),
            NetworkTimeout = TimeSpan.FromMilliseconds(500),
            MaxDequeueCount = 3,
        };
        var client = new AcsEmailClient(options, _clock, NullLogger<AcsEmailClient>.Instance);
        var renderer = new InvitationEmailRenderer(new EmailTemplateStore(), Options.Create(options));
        _options = options;
        _dispatcher = new InvitationEmailDispatcher(_source, client, renderer, _scheduler, Options.Create(options), _clock, new RecordingOperationsTelemetry(), NullLogger<InvitationEmailDispatcher>.Instance);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Sends_and_records_sent_with_the_message_id()
    {
        var job = _source.Add("inv-1");

        var result = await _dispatcher.DispatchAsync(job, 1, CancellationToken.None);

        Assert.Equal(EmailDispatchResult.Sent, result);
        var email = Assert.Single(_server.Emails);
        Assert.Equal(job.OperationId, email.OperationId);
        Assert.Contains("https://portal.example.com/invitations/accept?token=t-inv-1", email.PlainText, StringComparison.Ordinal);
        Assert.Equal([EmailDeliveryStatus.Sending, EmailDeliveryStatus.Sent], _source.History(job).Select(u => u.Status));
        var sent = _source.History(job)[^1];
        Assert.Equal(1, sent.Attempts);
        Assert.Equal(job.OperationId.ToString("D"), sent.MessageId);
        Assert.Equal(_clock.GetUtcNow(), sent.At);
    }

    [Fact]
    public async Task The_same_message_twice_gives_one_POST()
    {
        var job = _source.Add("inv-2");

        await _dispatcher.DispatchAsync(job, 1, CancellationToken.None);
        var second = await _dispatcher.DispatchAsync(job, 2, CancellationToken.None);

        Assert.Equal(EmailDispatchResult.AlreadyDone, second);
        Assert.Single(_server.Requests);
        Assert.Single(_server.Emails);
    }

    [Fact]
    public async Task A_crash_after_the_POST_before_recording_gives_no_second_email()
    {
        var job = _source.Add("inv-3");
        _source.FailNextRecordOf(EmailDeliveryStatus.Sent); // the worker dies between the 202 and the write

        await Assert.ThrowsAsync<IOException>(() => _dispatcher.DispatchAsync(job, 1, CancellationToken.None));
        // While the dead worker's claim is live, a redelivery leaves the send alone and comes back after the lease.
        Assert.Equal(EmailDispatchResult.ClaimHeld, await _dispatcher.DispatchAsync(job, 2, CancellationToken.None));
        Assert.True(Assert.Single(_scheduler.Scheduled).Delay >= _options.SendClaimLease - TimeSpan.FromSeconds(1));
        _clock.Advance(_options.SendClaimLease);
        var redelivery = await _dispatcher.DispatchAsync(job, 3, CancellationToken.None);

        Assert.Equal(EmailDispatchResult.AlreadyDone, redelivery);
        Assert.Single(_server.Emails);
        Assert.Single(_server.Requests, r => r.Method == "POST");
        Assert.Equal(EmailDeliveryStatus.Sent, _source.History(job)[^1].Status);
    }

    [Fact]
    public async Task Two_deliveries_of_one_job_at_the_same_moment_POST_once()
    {
        var job = _source.Add("inv-4");
        _server.Latency = TimeSpan.FromMilliseconds(200); // both are in flight at once
        using var start = new Barrier(2);

        var results = await Task.WhenAll(
            Task.Run(() => { start.SignalAndWait(); return _dispatcher.DispatchAsync(job, 1, CancellationToken.None); }),
            Task.Run(() => { start.SignalAndWait(); return _dispatcher.DispatchAsync(job, 1, CancellationToken.None); }));

        Assert.Single(results, r => r == EmailDispatchResult.Sent);
        Assert.Single(results, r => r == EmailDispatchResult.ClaimHeld);
        Assert.Single(_server.Requests, r => r.Method == "POST");
        Assert.Single(_server.Emails);
        // The loser comes back after the claim's lease and finds the send done.
        Assert.Single(_scheduler.Scheduled);
        _clock.Advance(_options.SendClaimLease);
        Assert.Equal(EmailDispatchResult.AlreadyDone, await _dispatcher.DispatchAsync(job, 1, CancellationToken.None));
        Assert.Single(_server.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task Throttling_reschedules_for_retry_after_and_does_not_throw()
    {
        var job = _source.Add("inv-5");
        _server.Enqueue(AcsScriptedResponse.Throttled(TimeSpan.FromSeconds(17)));

        var result = await _dispatcher.DispatchAsync(job, 1, CancellationToken.None);

        Assert.Equal(EmailDispatchResult.Rescheduled, result);
        var (scheduled, delay) = Assert.Single(_scheduler.Scheduled);
        Assert.Equal(job, scheduled);
        Assert.True(delay >= TimeSpan.FromSeconds(17));
        Assert.Equal(EmailDeliveryStatus.Queued, _source.History(job)[^1].Status);
        Assert.Empty(_server.Emails);

        // The rescheduled copy sends normally (a 429 was never accepted: no status check needed).
        Assert.Equal(EmailDispatchResult.Sent, await _dispatcher.DispatchAsync(job, 1, CancellationToken.None));
        Assert.Single(_server.Emails);
        Assert.DoesNotContain(_server.Requests, r => r.Method == "GET");
        Assert.Equal(2, _source.History(job)[^1].Attempts);
    }

    [Fact]
    public async Task A_permanent_error_records_failed_with_no_further_attempts()
    {
        var job = _source.Add("inv-6");
        _server.Enqueue(AcsScriptedResponse.BadRequest());

        var result = await _dispatcher.DispatchAsync(job, 1, CancellationToken.None);
        var redelivery = await _dispatcher.DispatchAsync(job, 2, CancellationToken.None);

        Assert.Equal(EmailDispatchResult.Failed, result);
        Assert.Equal(EmailDispatchResult.AlreadyDone, redelivery);
        Assert.Single(_server.Requests);
        var failed = _source.History(job)[^1];
        Assert.Equal(EmailDeliveryStatus.Failed, failed.Status);
        Assert.Contains("The recipient address is not valid.", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_transient_failures_throw_and_the_last_delivery_records_failed()
    {
        var job = _source.Add("inv-7");
        _server.Enqueue(Enumerable.Range(0, 20).Select(_ => AcsScriptedResponse.ServerError()).ToArray());

        for (var delivery = 1; delivery <= 3; delivery++)
        {
            await Assert.ThrowsAsync<EmailSendTransientException>(() => _dispatcher.DispatchAsync(job, delivery, CancellationToken.None));
            Assert.Equal(delivery == 3 ? EmailDeliveryStatus.Failed : EmailDeliveryStatus.Retrying, _source.History(job)[^1].Status);
        }

        Assert.Equal(3, _source.History(job)[^1].Attempts);
        Assert.Empty(_server.Emails);
    }

    [Fact]
    public async Task A_job_replayed_from_poison_retries_a_send_that_ran_out_of_retries()
    {
        var job = _source.Add("inv-13");
        _server.Enqueue(Enumerable.Range(0, 6).Select(_ => AcsScriptedResponse.ServerError()).ToArray());
        for (var delivery = 1; delivery <= 3; delivery++)
        {
            await Assert.ThrowsAsync<EmailSendTransientException>(() => _dispatcher.DispatchAsync(job, delivery, CancellationToken.None));
        }

        Assert.Equal(EmailDispatchResult.AlreadyDone, await _dispatcher.DispatchAsync(job, 1, CancellationToken.None)); // a plain redelivery stays failed
        var replayed = await _dispatcher.DispatchAsync(job with { Replays = 1 }, 1, CancellationToken.None);

        Assert.Equal(EmailDispatchResult.Sent, replayed);
        Assert.Single(_server.Emails);
        Assert.Equal(EmailDeliveryStatus.Sent, _source.History(job)[^1].Status);
        Assert.Equal(4, _source.History(job)[^1].Attempts);
    }

    [Fact]
    public async Task A_replayed_job_whose_earlier_attempt_landed_is_not_sent_again()
    {
        var job = _source.Add("inv-14");
        _server.Enqueue(AcsScriptedResponse.AcceptedButLost(), AcsScriptedResponse.AcceptedButLost());
        await Assert.ThrowsAsync<EmailSendTransientException>(() => _dispatcher.DispatchAsync(job, 3, CancellationToken.None)); // last delivery: failed

        var replayed = await _dispatcher.DispatchAsync(job with { Replays = 1 }, 1, CancellationToken.None);

        Assert.Equal(EmailDispatchResult.AlreadyDone, replayed); // the status check finds the landed operation
        Assert.Single(_server.Emails);
        Assert.Equal(EmailDeliveryStatus.Sent, _source.History(job)[^1].Status);
    }

    [Fact]
    public async Task A_timed_out_POST_that_never_landed_is_sent_on_redelivery()
    {
        var job = _source.Add("inv-8");
        _server.Enqueue(AcsScriptedResponse.Slow(TimeSpan.FromSeconds(5)), AcsScriptedResponse.Slow(TimeSpan.FromSeconds(5)));

        await Assert.ThrowsAsync<EmailSendTransientException>(() => _dispatcher.DispatchAsync(job, 1, CancellationToken.None));
        var redelivery = await _dispatcher.DispatchAsync(job, 2, CancellationToken.None);

        Assert.Equal(EmailDispatchResult.Sent, redelivery);
        Assert.Single(_server.Emails);
        Assert.Contains(_server.Requests, r => r.Method == "GET"); // asked before sending again
    }

    [Fact]
    public async Task A_lost_response_whose_operation_landed_is_not_sent_again()
    {
        var job = _source.Add("inv-9");
        _server.Enqueue(AcsScriptedResponse.AcceptedButLost(), AcsScriptedResponse.AcceptedButLost());

        await Assert.ThrowsAsync<EmailSendTransientException>(() => _dispatcher.DispatchAsync(job, 1, CancellationToken.None));
        var redelivery = await _dispatcher.DispatchAsync(job, 2, CancellationToken.None);

        Assert.Equal(EmailDispatchResult.AlreadyDone, redelivery);
        Assert.Single(_server.Emails);
        Assert.Equal(2, _server.Requests.Count(r => r.Method == "POST")); // the pipeline's own retry, same Operation-Id
        Assert.Equal(EmailDeliveryStatus.Sent, _source.History(job)[^1].Status);
    }

    [Fact]
    public async Task A_suppressed_recipient_found_by_the_status_check_is_recorded_as_suppressed()
    {
        var job = _source.Add("inv-10");
        _server.Enqueue(AcsScriptedResponse.AcceptedButLost(), AcsScriptedResponse.AcceptedButLost());
        _server.SetOperationStatus(job.OperationId, "Failed", "EmailDroppedAllRecipientsSuppressed", "All recipients suppressed.");

        await Assert.ThrowsAsync<EmailSendTransientException>(() => _dispatcher.DispatchAsync(job, 1, CancellationToken.None));
        await _dispatcher.DispatchAsync(job, 2, CancellationToken.None);

        var last = _source.History(job)[^1];
        Assert.Equal(EmailDeliveryStatus.Suppressed, last.Status);
        Assert.Equal("recipient suppressed", last.Reason);
    }

    [Fact]
    public async Task A_stale_job_or_missing_invitation_is_dropped_without_sending()
    {
        var stale = _source.Add("inv-11", isCurrent: false);
        var missing = new EmailJob("acct", InMemoryEmailSource.IdOf("inv-missing"), 1, 1, EmailJobKinds.Invitation);

        Assert.Equal(EmailDispatchResult.Dropped, await _dispatcher.DispatchAsync(stale, 1, CancellationToken.None));
        Assert.Equal(EmailDispatchResult.Dropped, await _dispatcher.DispatchAsync(missing, 1, CancellationToken.None));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_reissue_job_sends_the_new_invitation_text()
    {
        var job = _source.Add("inv-12", kind: EmailJobKinds.Reissue);

        await _dispatcher.DispatchAsync(job, 1, CancellationToken.None);

        Assert.Contains("no longer works", Assert.Single(_server.Emails).PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_delivery_logs_and_tracks_one_EmailSendCompleted_with_ids_and_no_address_or_link()
    {
        var logger = new FakeLogger<InvitationEmailDispatcher>();
        var operations = new RecordingOperationsTelemetry();
        var options = new EmailOptions { ConnectionString = _server.ConnectionString, SenderAddress = "noreply@invitations.test", MaxRetries = 0, MaxDequeueCount = 3 };
        var dispatcher = new InvitationEmailDispatcher(
            _source, new AcsEmailClient(options, _clock, NullLogger<AcsEmailClient>.Instance),
            new InvitationEmailRenderer(new EmailTemplateStore(), Options.Create(options)), _scheduler, Options.Create(options), _clock, operations, logger);
        var job = _source.Add("inv-13");

        await dispatcher.DispatchAsync(job, 1, CancellationToken.None);
        await dispatcher.DispatchAsync(job, 2, CancellationToken.None);

        var lines = logger.Collector.GetSnapshot().Where(r => r.Id.Name == EmailTelemetry.SendCompletedEvent).ToList();
        Assert.Equal(["Sent", "AlreadyDone"], lines.Select(r => r.GetStructuredStateValue("outcome")));
        var sent = lines[0];
        Assert.StartsWith("EmailSendCompleted:", sent.Message, StringComparison.Ordinal);
        Assert.Equal(
            ("acct-1", InMemoryEmailSource.IdOf("inv-13").ToString(), "1", "1", "1"),
            (sent.GetStructuredStateValue("accountId"), sent.GetStructuredStateValue("invitationId"), sent.GetStructuredStateValue("linkVersion"),
             sent.GetStructuredStateValue("sendNumber"), sent.GetStructuredStateValue("attempts")));
        Assert.Equal(["Sent", "AlreadyDone"], operations.Events.Where(e => e.Name == EmailTelemetry.SendCompletedEvent).Select(e => e.Properties["outcome"]));
        var sentEvent = operations.Events[0];
        Assert.Equal(("acct-1", InMemoryEmailSource.IdOf("inv-13").ToString("D"), "1"), (sentEvent.Properties["accountId"], sentEvent.Properties["invitationId"], sentEvent.Properties["attempts"]));
        Assert.Equal(1, sentEvent.Metrics["EmailSend.Attempts"]);
        Assert.All(operations.Events.SelectMany(e => e.Properties.Values), value =>
        {
            Assert.DoesNotContain("@example.com", value, StringComparison.Ordinal);
            Assert.DoesNotContain("token=", value, StringComparison.Ordinal);
        });
        Assert.All(logger.Collector.GetSnapshot(), r =>
        {
            var text = r.Message + " " + string.Join(" ", r.StructuredState?.Select(p => p.Value) ?? []);
            Assert.DoesNotContain("inv-13@example.com", text, StringComparison.Ordinal);
            Assert.DoesNotContain("token=", text, StringComparison.Ordinal);
        });
    }

    private sealed class RecordingQueue : IEmailJobQueue
    {
        public ConcurrentQueue<(EmailJob Job, TimeSpan Delay)> Scheduled { get; } = new();

        public Task<EmailJobReceipt> EnqueueAsync(EmailJob job, TimeSpan delay, CancellationToken ct)
        {
            Scheduled.Enqueue((job, delay));
            return Task.FromResult(new EmailJobReceipt(Guid.NewGuid().ToString(), "pop"));
        }

        public Task<bool> TryDeleteAsync(EmailJobReceipt receipt, CancellationToken ct) => Task.FromResult(false);
    }

    /// <summary>
    /// Invitations in memory; the send record is the last update of the job's operation id, and a claim succeeds only
    /// for the attempt count the delivery saw, as the stored one does.
    /// </summary>
    private sealed class InMemoryEmailSource : IInvitationEmailSource
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<Guid, (InvitationEmailModel Model, bool IsCurrent)> _invitations = [];
        private readonly Dictionary<Guid, List<EmailDeliveryUpdate>> _updates = [];
        private EmailDeliveryStatus? _failNext;

        /// <summary>A readable name for a test invitation, as a stable id.</summary>
        public static Guid IdOf(string name) => EmailOperationIds.NameBased(Guid.Empty, name);

        public EmailJob Add(string name, bool isCurrent = true, string kind = EmailJobKinds.Invitation)
        {
            var model = new InvitationEmailModel
            {
                InviteeAddress = $"{name}@example.com",
                InviteeDisplayName = "Ada",
                AccountName = "Acme",
                InviterName = "Grace",
                Link = new Uri($"https://portal.example.com/invitations/accept?token=t-{name}"),
                ExpiresAt = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero),
            };
            lock (_gate)
            {
                _invitations[IdOf(name)] = (model, isCurrent);
            }

            return new EmailJob("acct-1", IdOf(name), 1, 1, kind);
        }

        public void FailNextRecordOf(EmailDeliveryStatus status) => _failNext = status;

        public IReadOnlyList<EmailDeliveryUpdate> History(EmailJob job)
        {
            lock (_gate)
            {
                return _updates.TryGetValue(job.OperationId, out var list) ? [.. list] : [];
            }
        }

        public Task<InvitationEmailContext?> LoadAsync(EmailJob job, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (!_invitations.TryGetValue(job.InvitationId, out var invitation))
                {
                    return Task.FromResult<InvitationEmailContext?>(null);
                }

                var last = Last(job.OperationId);
                var record = last is null ? null : new EmailSendRecord(last.OperationId, last.Status, last.Attempts, last.At);
                return Task.FromResult<InvitationEmailContext?>(new InvitationEmailContext(invitation.Model, invitation.IsCurrent, record));
            }
        }

        public Task<EmailSendClaim?> ClaimAsync(EmailJob job, InvitationEmailContext context, DateTimeOffset at, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                var seen = context.Send?.Attempts ?? 0;
                if ((Last(job.OperationId)?.Attempts ?? 0) != seen)
                {
                    return Task.FromResult<EmailSendClaim?>(null);
                }

                Record(new EmailDeliveryUpdate(EmailDeliveryStatus.Sending, job.OperationId, seen + 1, at));
                return Task.FromResult<EmailSendClaim?>(new EmailSendClaim(seen + 1));
            }
        }

        public Task RecordAsync(EmailJob job, EmailDeliveryUpdate update, EmailSendClaim? claim, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Record(update);
                return Task.CompletedTask;
            }
        }

        private EmailDeliveryUpdate? Last(Guid operationId) => _updates.TryGetValue(operationId, out var list) ? list[^1] : null;

        private void Record(EmailDeliveryUpdate update)
        {
            if (_failNext == update.Status)
            {
                _failNext = null;
                throw new IOException("simulated crash before the write");
            }

            if (!_updates.TryGetValue(update.OperationId, out var list))
            {
                _updates[update.OperationId] = list = [];
            }

            list.Add(update);
        }
    }
}
