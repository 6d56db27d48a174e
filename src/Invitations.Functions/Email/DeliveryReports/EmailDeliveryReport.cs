using Invitations.Invitations;

namespace Invitations.Email.DeliveryReports;

/// <summary>One delivery report: the ACS message id (= the send's Operation-Id), the new status, when, and a short reason.</summary>
public sealed record EmailDeliveryReport(string MessageId, EmailDeliveryStatus Status, DateTimeOffset At, string? Reason);
