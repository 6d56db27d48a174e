using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using Invitations.Invitations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Email.DeliveryReports;

/// <summary>
/// Handles an Event Grid webhook delivery (Event Grid schema) for ACS email delivery reports: checks the URL secret
/// (<c>Email__DeliveryReportSecret</c>, compared in constant time; none configured refuses everything), answers the
/// subscription validation handshake, and maps <c>Microsoft.Communication.EmailDeliveryReportReceived</c> to the
/// invitation's delivery status. Unknown message ids are logged and ignored. Plain class: the HTTP function maps
/// its result to a response.
/// </summary>
public sealed partial class EmailDeliveryReportProcessor(IEmailDeliveryReportSink sink, IOptions<EmailOptions> options, ILogger<EmailDeliveryReportProcessor> logger)
{
    private const int MaxReasonLength = 200;

    public async Task<DeliveryReportResult> ProcessAsync(string? providedSecret, BinaryData body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!SecretMatches(options.Value.DeliveryReportSecret, providedSecret))
        {
            LogUnauthorized(logger);
            return new DeliveryReportResult(DeliveryReportOutcome.Unauthorized);
        }

        EventGridEvent[] events;
        try
        {
            events = EventGridEvent.ParseMany(body);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or InvalidOperationException)
        {
            return new DeliveryReportResult(DeliveryReportOutcome.BadRequest);
        }

        int recorded = 0, unknown = 0, ignored = 0;
        foreach (var gridEvent in events)
        {
            if (!gridEvent.TryGetSystemEventData(out var data))
            {
                ignored++;
                continue;
            }

            switch (data)
            {
                case SubscriptionValidationEventData validation:
                    return new DeliveryReportResult(DeliveryReportOutcome.ValidationHandshake, validation.ValidationCode);

                case AcsEmailDeliveryReportReceivedEventData report when Map(report) is { } status && !string.IsNullOrWhiteSpace(report.MessageId):
                    var reason = Reason(report, status);
                    if (await sink.RecordAsync(new EmailDeliveryReport(report.MessageId, status, report.DeliveryAttemptTimestamp ?? gridEvent.EventTime, reason), cancellationToken))
                    {
                        recorded++;
                    }
                    else
                    {
                        unknown++;
                        LogUnknownMessageId(logger, report.MessageId, status);
                    }

                    break;

                default:
                    ignored++;
                    break;
            }
        }

        return new DeliveryReportResult(DeliveryReportOutcome.Processed, null, recorded, unknown, ignored);
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

    [LoggerMessage(EventId = 4131, Level = LogLevel.Warning, Message = "Email delivery report refused: missing or wrong secret")]
    private static partial void LogUnauthorized(ILogger logger);

    [LoggerMessage(EventId = 4132, Level = LogLevel.Information, Message = "Email delivery report for unknown message id {MessageId} ({Status}) ignored")]
    private static partial void LogUnknownMessageId(ILogger logger, string messageId, EmailDeliveryStatus status);
}
