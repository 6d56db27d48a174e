using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using Invitations.Invitations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Email.DeliveryReports;

/// <summary>
/// Handles an Event Grid webhook delivery for ACS email delivery reports, in either delivery schema of the
/// subscription: the Event Grid schema (an array; its subscription validation event is answered with the code) or
/// CloudEvents 1.0 (one event or a batch; validated by the OPTIONS abuse-protection handshake, <see cref="Handshake"/>).
/// Checks the URL secret (<c>Email__DeliveryReportSecret</c>, compared in constant time; none configured refuses
/// everything) and maps <c>Microsoft.Communication.EmailDeliveryReportReceived</c> to the invitation's delivery status.
/// Plain class: the HTTP function maps its result to a response.
/// </summary>
public sealed partial class EmailDeliveryReportProcessor(
    IEmailDeliveryReportSink sink, IOptions<EmailOptions> options, TimeProvider time, ILogger<EmailDeliveryReportProcessor> logger)
{
    private const int MaxReasonLength = 200;

    /// <summary>The attempt time as the service sends it, and as newer Microsoft SDKs spell it.</summary>
    private static readonly string[] AttemptTimeFields = ["deliveryAttemptTimeStamp", "deliveryAttemptTimestamp"];

    /// <summary>
    /// The CloudEvents 1.0 webhook validation (OPTIONS with <c>WebHook-Request-Origin</c>): the origin is allowed when
    /// the secret matches, so a subscription can only be created by whoever knows it.
    /// </summary>
    public DeliveryReportResult Handshake(string? providedSecret, string? requestOrigin)
    {
        if (!SecretMatches(options.Value.DeliveryReportSecret, providedSecret))
        {
            LogUnauthorized(logger);
            return new DeliveryReportResult(DeliveryReportOutcome.Unauthorized);
        }

        return string.IsNullOrWhiteSpace(requestOrigin)
            ? new DeliveryReportResult(DeliveryReportOutcome.BadRequest)
            : new DeliveryReportResult(DeliveryReportOutcome.OriginAllowed) { Answer = HeaderText.SingleLine(requestOrigin.Trim()) };
    }

    public async Task<DeliveryReportResult> ProcessAsync(string? providedSecret, BinaryData body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!SecretMatches(options.Value.DeliveryReportSecret, providedSecret))
        {
            LogUnauthorized(logger);
            return new DeliveryReportResult(DeliveryReportOutcome.Unauthorized);
        }

        if (Parse(body) is not { } events)
        {
            return new DeliveryReportResult(DeliveryReportOutcome.BadRequest);
        }

        int applied = 0, history = 0, unchanged = 0, unknown = 0, ignored = 0;
        foreach (var received in events)
        {
            switch (received.SystemData)
            {
                case SubscriptionValidationEventData validation:
                    return new DeliveryReportResult(DeliveryReportOutcome.ValidationHandshake) { Answer = validation.ValidationCode };

                case AcsEmailDeliveryReportReceivedEventData report when Map(report) is { } status && !string.IsNullOrWhiteSpace(report.MessageId):
                    var at = AttemptTime(received.Data) ?? report.DeliveryAttemptTimestamp ?? received.Time ?? time.GetUtcNow();
                    var outcome = await sink.RecordAsync(new EmailDeliveryReport(report.MessageId, status, at, Reason(report, status)), cancellationToken);
                    switch (outcome)
                    {
                        case DeliveryRecordOutcome.Applied:
                            applied++;
                            break;
                        case DeliveryRecordOutcome.RecordedInHistory:
                            history++;
                            break;
                        case DeliveryRecordOutcome.Unchanged:
                            unchanged++;
                            break;
                        default:
                            unknown++;
                            LogUnknownMessageId(logger, report.MessageId, status);
                            break;
                    }

                    break;

                default:
                    ignored++;
                    break;
            }
        }

        return new DeliveryReportResult(DeliveryReportOutcome.Processed)
        {
            Applied = applied, RecordedInHistory = history, Unchanged = unchanged, UnknownMessageIds = unknown, Ignored = ignored,
        };
    }

    /// <summary>ACS report status → invitation delivery status; null for reports that change nothing (e.g. Expanded).</summary>
    public static EmailDeliveryStatus? Map(AcsEmailDeliveryReportReceivedEventData report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var status = report.Status;
        if (status is null)
        {
            return null;
        }

        if (status == AcsEmailDeliveryReportStatus.Delivered)
        {
            return EmailDeliveryStatus.Delivered;
        }

        if (status == AcsEmailDeliveryReportStatus.Bounced)
        {
            return EmailDeliveryStatus.Bounced;
        }

        if (status == AcsEmailDeliveryReportStatus.Suppressed)
        {
            return EmailDeliveryStatus.Suppressed;
        }

        if (status == AcsEmailDeliveryReportStatus.Failed || status == AcsEmailDeliveryReportStatus.FilteredSpam || status == AcsEmailDeliveryReportStatus.Quarantined)
        {
            return EmailDeliveryStatus.Failed;
        }

        return null;
    }

    /// <summary>Either schema's events, or null for a body that is neither.</summary>
    private static List<ReceivedEvent>? Parse(BinaryData body)
    {
        try
        {
            if (IsCloudEvents(body))
            {
                return [.. CloudEvent.ParseMany(body).Select(e =>
                    new ReceivedEvent(e.Data, e.Time, e.TryGetSystemEventData(out var data) ? data : null))];
            }

            return [.. EventGridEvent.ParseMany(body).Select(e =>
                new ReceivedEvent(e.Data, e.EventTime, e.TryGetSystemEventData(out var data) ? data : null))];
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>CloudEvents carry <c>specversion</c> (a single event, or each event of a batch); Event Grid events do not.</summary>
    private static bool IsCloudEvents(BinaryData body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var first = root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0 ? root[0] : root;
        return first.ValueKind == JsonValueKind.Object && first.TryGetProperty("specversion", out _);
    }

    /// <summary>When the delivery was attempted, in either spelling of the field; null if neither is there.</summary>
    private static DateTimeOffset? AttemptTime(BinaryData? data)
    {
        if (data is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(data);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var field in AttemptTimeFields)
        {
            if (document.RootElement.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String &&
                DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return at;
            }
        }

        return null;
    }

    private static string? Reason(AcsEmailDeliveryReportReceivedEventData report, EmailDeliveryStatus status)
    {
        var detail = report.DeliveryStatusDetails?.StatusMessage;
        var text = status switch
        {
            EmailDeliveryStatus.Delivered => null,
            EmailDeliveryStatus.Suppressed => "recipient suppressed",
            EmailDeliveryStatus.Bounced => string.IsNullOrWhiteSpace(detail) ? "bounced" : $"bounced: {detail}",
            _ => string.IsNullOrWhiteSpace(detail) ? report.Status.ToString() : $"{report.Status}: {detail}",
        };
        if (text is null)
        {
            return null;
        }

        var line = HeaderText.SingleLine(text);
        return line.Length <= MaxReasonLength ? line : line[..MaxReasonLength];
    }

    private static bool SecretMatches(string? expected, string? provided)
    {
        if (string.IsNullOrEmpty(expected) || string.IsNullOrEmpty(provided))
        {
            return false;
        }

        // Hash both so the comparison takes the same time whatever the lengths.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)),
            SHA256.HashData(Encoding.UTF8.GetBytes(provided)));
    }

    /// <summary>An event of either schema: its data, its time and its typed system data (null for other event types).</summary>
    private sealed record ReceivedEvent(BinaryData? Data, DateTimeOffset? Time, object? SystemData);

    [LoggerMessage(EventId = 4131, Level = LogLevel.Warning, Message = "Email delivery report refused: missing or wrong secret")]
    private static partial void LogUnauthorized(ILogger logger);

    [LoggerMessage(EventId = 4132, Level = LogLevel.Information, Message = "Email delivery report for unknown message id {MessageId} ({Status}) ignored")]
    private static partial void LogUnknownMessageId(ILogger logger, string messageId, EmailDeliveryStatus status);
}
