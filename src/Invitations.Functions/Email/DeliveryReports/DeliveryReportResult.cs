using System.Text;
using System.Text.Json;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using Invitations.Invitations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Email.DeliveryReports;

public sealed record DeliveryReportResult(DeliveryReportOutcome Outcome, string? ValidationCode = null, int Recorded = 0, int UnknownMessageIds = 0, int Ignored = 0);
