using System.Text;
using System.Text.Json;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using Invitations.Invitations;
using Microsoft.Extensions.Options;

namespace Invitations.Email.DeliveryReports;

/// <summary>One delivery report: the ACS message id (= the send's operation id), the new status, when, and a short reason.</summary>
public sealed record EmailDeliveryReport(string MessageId, EmailDeliveryStatus Status, DateTimeOffset At, string? Reason);
