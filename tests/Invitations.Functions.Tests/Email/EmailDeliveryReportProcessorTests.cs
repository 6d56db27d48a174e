using Invitations.Email;
using Invitations.Invitations;
using Invitations.Email.DeliveryReports;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Invitations.Tests.Email;

public sealed class EmailDeliveryReportProcessorTests
{
    private const string Secret = "report-secret-1";
    private readonly RecordingSink _sink = new("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222");
    private readonly EmailDeliveryReportProcessor _processor;

    public EmailDeliveryReportProcessorTests() =>
        _processor = new(_sink, Options.Create(new EmailOptions { DeliveryReportSecret = Secret }), TimeProvider.System, NullLogger<EmailDeliveryReportProcessor>.Instance);

    [Fact]
    public async Task Answers_the_subscription_validation_handshake()
    {
        var body = """
            [{"id":"1","topic":"/subscriptions/x","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent",
              "eventTime":"2026-11-26T09:00:00Z","dataVersion":"2","metadataVersion":"1",
              "data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6","validationUrl":"https://example.test/validate"}}]
            """;

        var result = await _processor.ProcessAsync(Secret, BinaryData.FromString(body), CancellationToken.None);

        Assert.Equal(DeliveryReportOutcome.ValidationHandshake, result.Outcome);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", result.Answer);
    }

    [Fact]
    public async Task Delivered_and_bounced_reports_update_the_right_sends()
    {
        var body = $"[{Report("11111111-1111-1111-1111-111111111111", "Delivered", null)},{Report("22222222-2222-2222-2222-222222222222", "Bounced", "Mailbox does not exist")}]";

        var result = await _processor.ProcessAsync(Secret, BinaryData.FromString(body), CancellationToken.None);

        Assert.Equal(DeliveryReportOutcome.Processed, result.Outcome);
        Assert.Equal(2, result.Recorded);
        Assert.Collection(
            _sink.Reports,
            delivered =>
            {
                Assert.Equal("11111111-1111-1111-1111-111111111111", delivered.MessageId);
                Assert.Equal(EmailDeliveryStatus.Delivered, delivered.Status);
                Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 1, 0, TimeSpan.Zero), delivered.At);
                Assert.Null(delivered.Reason);
            },
            bounced =>
            {
                Assert.Equal("22222222-2222-2222-2222-222222222222", bounced.MessageId);
                Assert.Equal(EmailDeliveryStatus.Bounced, bounced.Status);
                Assert.Equal("bounced: Mailbox does not exist", bounced.Reason);
            });
    }

    [Theory]
    [InlineData("Suppressed", EmailDeliveryStatus.Suppressed)]
    [InlineData("Failed", EmailDeliveryStatus.Failed)]
    [InlineData("FilteredSpam", EmailDeliveryStatus.Failed)]
    [InlineData("Quarantined", EmailDeliveryStatus.Failed)]
    public async Task Other_report_statuses_map_to_delivery_statuses(string acsStatus, EmailDeliveryStatus expected)
    {
        await _processor.ProcessAsync(Secret, BinaryData.FromString($"[{Report("11111111-1111-1111-1111-111111111111", acsStatus, "detail")}]"), CancellationToken.None);

        Assert.Equal(expected, Assert.Single(_sink.Reports).Status);
    }

    [Fact]
    public async Task Unknown_message_ids_and_other_events_are_ignored()
    {
        var other = """{"id":"9","topic":"t","subject":"s","eventType":"Contoso.Other","eventTime":"2026-11-26T09:00:00Z","dataVersion":"1","data":{}}""";
        var body = $"[{Report("33333333-3333-3333-3333-333333333333", "Delivered", null)},{Report("11111111-1111-1111-1111-111111111111", "Expanded", null)},{other}]";

        var result = await _processor.ProcessAsync(Secret, BinaryData.FromString(body), CancellationToken.None);

        Assert.Equal(DeliveryReportOutcome.Processed, result.Outcome);
        Assert.Equal(0, result.Recorded);
        Assert.Equal(1, result.UnknownMessageIds);
        Assert.Equal(2, result.Ignored);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("report-secret-2")]
    [InlineData("report-secret-1 ")]
    public async Task A_bad_secret_is_unauthorized_and_records_nothing(string? secret)
    {
        var result = await _processor.ProcessAsync(secret, BinaryData.FromString($"[{Report("11111111-1111-1111-1111-111111111111", "Delivered", null)}]"), CancellationToken.None);

        Assert.Equal(DeliveryReportOutcome.Unauthorized, result.Outcome);
        Assert.Empty(_sink.Reports);
    }

    [Fact]
    public async Task No_configured_secret_refuses_everything()
    {
        var processor = new EmailDeliveryReportProcessor(_sink, Options.Create(new EmailOptions()), TimeProvider.System, NullLogger<EmailDeliveryReportProcessor>.Instance);

        var result = await processor.ProcessAsync("", BinaryData.FromString("[]"), CancellationToken.None);

        Assert.Equal(DeliveryReportOutcome.Unauthorized, result.Outcome);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"id\":1}")]
    public async Task A_body_that_is_not_events_is_a_bad_request(string body)
    {
        var result = await _processor.ProcessAsync(Secret, BinaryData.FromString(body), CancellationToken.None);

        Assert.Equal(DeliveryReportOutcome.BadRequest, result.Outcome);
    }

    [Theory]
    [InlineData("deliveryAttemptTimeStamp")]
    [InlineData("deliveryAttemptTimestamp")]
    public async Task Either_spelling_of_the_attempt_time_is_read(string field)
    {
        var body = "[" + Report("11111111-1111-1111-1111-111111111111", "Delivered", null).Replace("deliveryAttemptTimeStamp", field, StringComparison.Ordinal) + "]";

        await _processor.ProcessAsync(Secret, BinaryData.FromString(body), CancellationToken.None);

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 1, 0, TimeSpan.Zero), Assert.Single(_sink.Reports).At);
    }

    [Fact]
    public async Task Without_an_attempt_time_the_event_time_is_used()
    {
        var body = "[" + Report("11111111-1111-1111-1111-111111111111", "Delivered", null).Replace("deliveryAttemptTimeStamp", "somethingElse", StringComparison.Ordinal) + "]";

        await _processor.ProcessAsync(Secret, BinaryData.FromString(body), CancellationToken.None);

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 1, 5, TimeSpan.Zero), Assert.Single(_sink.Reports).At);
    }

    [Fact]
    public async Task A_single_CloudEvent_is_processed()
    {
        var result = await _processor.ProcessAsync(Secret, BinaryData.FromString(CloudReport("22222222-2222-2222-2222-222222222222", "Bounced", "Mailbox full")), CancellationToken.None);

        Assert.Equal((DeliveryReportOutcome.Processed, 1), (result.Outcome, result.Applied));
        var report = Assert.Single(_sink.Reports);
        Assert.Equal((EmailDeliveryStatus.Bounced, "bounced: Mailbox full"), (report.Status, report.Reason));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 1, 0, TimeSpan.Zero), report.At);
    }

    [Fact]
    public async Task A_CloudEvents_batch_is_processed_and_the_answer_says_what_was_applied()
    {
        _sink.Outcomes["22222222-2222-2222-2222-222222222222"] = DeliveryRecordOutcome.RecordedInHistory;
        _sink.Outcomes["11111111-1111-1111-1111-111111111111"] = DeliveryRecordOutcome.Unchanged;
        var body = $"[{CloudReport("22222222-2222-2222-2222-222222222222", "Bounced", null)},{CloudReport("11111111-1111-1111-1111-111111111111", "Delivered", null)},{CloudReport("44444444-4444-4444-4444-444444444444", "Delivered", null)}]";

        var result = await _processor.ProcessAsync(Secret, BinaryData.FromString(body), CancellationToken.None);

        Assert.Equal(DeliveryReportOutcome.Processed, result.Outcome);
        Assert.Equal((0, 1, 1, 1, 1), (result.Applied, result.RecordedInHistory, result.Unchanged, result.UnknownMessageIds, result.Recorded));
    }

    [Fact]
    public void The_CloudEvents_handshake_allows_the_origin_only_with_the_secret()
    {
        Assert.Equal(
            (DeliveryReportOutcome.OriginAllowed, "eventgrid.azure.net"),
            (_processor.Handshake(Secret, "eventgrid.azure.net").Outcome, _processor.Handshake(Secret, "eventgrid.azure.net").Answer));
        Assert.Equal(DeliveryReportOutcome.Unauthorized, _processor.Handshake("wrong", "eventgrid.azure.net").Outcome);
        Assert.Equal(DeliveryReportOutcome.BadRequest, _processor.Handshake(Secret, " ").Outcome);
    }

    // The service spells the field deliveryAttemptTimeStamp; newer Microsoft SDKs write deliveryAttemptTimestamp.
    private static string Report(string messageId, string status, string? detail) => $$$"""
        {"id":"{{{Guid.NewGuid()}}}","topic":"/subscriptions/x/resourceGroups/rg/providers/Microsoft.Communication/communicationServices/acs",
         "subject":"sender/noreply@invitations.test/message/{{{messageId}}}","eventType":"Microsoft.Communication.EmailDeliveryReportReceived",
         "eventTime":"2026-11-26T09:01:05Z","dataVersion":"1.0","metadataVersion":"1",
         "data":{"sender":"noreply@invitations.test","recipient":"ada@example.com","messageId":"{{{messageId}}}","status":"{{{status}}}",
                 "deliveryStatusDetails":{"statusMessage":{{{(detail is null ? "null" : $"\"{detail}\"")}}}},
                 "deliveryAttemptTimeStamp":"2026-11-26T09:01:00Z"}}
        """;

    /// <summary>The same report in the CloudEvents 1.0 schema, as an Event Grid subscription with that schema delivers it.</summary>
    private static string CloudReport(string messageId, string status, string? detail) => $$$"""
        {"specversion":"1.0","id":"{{{Guid.NewGuid()}}}","type":"Microsoft.Communication.EmailDeliveryReportReceived",
         "source":"/subscriptions/x/resourceGroups/rg/providers/Microsoft.Communication/communicationServices/acs",
         "subject":"sender/noreply@invitations.test/message/{{{messageId}}}","time":"2026-11-26T09:01:05Z",
         "datacontenttype":"application/json",
         "data":{"sender":"noreply@invitations.test","recipient":"ada@example.com","messageId":"{{{messageId}}}","status":"{{{status}}}",
                 "deliveryStatusDetails":{"statusMessage":{{{(detail is null ? "null" : $"\"{detail}\"")}}}},
                 "deliveryAttemptTimeStamp":"2026-11-26T09:01:00Z"}}
        """;

    private sealed class RecordingSink(params string[] knownMessageIds) : IEmailDeliveryReportSink
    {
        public List<EmailDeliveryReport> Reports { get; } = [];

        public Dictionary<string, DeliveryRecordOutcome> Outcomes { get; } = [];

        public Task<DeliveryRecordOutcome?> RecordAsync(EmailDeliveryReport report, CancellationToken cancellationToken)
        {
            if (!knownMessageIds.Contains(report.MessageId))
            {
                return Task.FromResult<DeliveryRecordOutcome?>(null);
            }

            Reports.Add(report);
            return Task.FromResult<DeliveryRecordOutcome?>(Outcomes.TryGetValue(report.MessageId, out var outcome) ? outcome : DeliveryRecordOutcome.Applied);
        }
    }
}
