using Invitations.Email.DeliveryReports;
using Invitations.Invitations;
using Invitations.Storage;
using Microsoft.Extensions.Logging;

namespace Invitations.Email.Storage;

/// <summary>
/// Delivery reports → the invitation: the message id finds the send in <see cref="EmailMessageIndex"/>, then the
/// invitation's delivery status is updated (a report for an older send than the invitation's latest is ignored).
/// </summary>
public sealed class StoredEmailDeliveryReportSink(
    EmailMessageIndex messages,
    InvitationRepository repository,
    ILogger<StoredEmailDeliveryReportSink> logger) : IEmailDeliveryReportSink
{
    public async Task<bool> RecordAsync(EmailDeliveryReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var send = await messages.FindAsync(report.MessageId, cancellationToken);
        if (send is null || !Guid.TryParse(send.InvitationId, out var invitationId))
        {
            return false;
        }

        var stored = await repository.GetAsync(send.AccountId, invitationId, cancellationToken);
        var attempts = stored?.Value.Delivery is { } d && d.LinkVersion == send.LinkVersion && d.SendNumber == send.SendNumber ? d.Attempts : 0;
        var delivery = new EmailDelivery(
            report.Status, report.At, send.LinkVersion, send.SendNumber, attempts,
            Guid.Parse(report.MessageId).ToString("D"), report.MessageId, report.Reason);
        return await StoredInvitationEmailSource.UpdateDeliveryAsync(send.AccountId, invitationId, delivery, repository, logger, cancellationToken);
    }
}
