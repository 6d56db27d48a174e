using Invitations.Email.DeliveryReports;
using Invitations.Invitations;
using Invitations.Storage;
using Microsoft.Extensions.Logging;

namespace Invitations.Email.Storage;

/// <summary>
/// Delivery reports → the invitation: the message id finds the send in <see cref="EmailMessageIndex"/>, then the
/// the invitation's rules record it (<see cref="Invitation.RecordDelivery"/>: the latest send's status, or the history
/// for an older send).
/// </summary>
public sealed class StoredEmailDeliveryReportSink(
    EmailMessageIndex messages,
    InvitationRepository repository,
    ILogger<StoredEmailDeliveryReportSink> logger) : IEmailDeliveryReportSink
{
    public async Task<DeliveryRecordOutcome?> RecordAsync(EmailDeliveryReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var send = await messages.FindAsync(report.MessageId, cancellationToken);
        if (send is null || !Guid.TryParse(send.InvitationId, out var invitationId))
        {
            return null;
        }

        var stored = await repository.GetAsync(send.AccountId, invitationId, cancellationToken);
        var attempts = stored?.Value.Delivery is { } d && d.LinkVersion == send.LinkVersion && d.SendNumber == send.SendNumber ? d.Attempts : 0;
        var delivery = new EmailDelivery(
            report.Status, report.At, send.LinkVersion, send.SendNumber, attempts,
            send.OperationId, report.MessageId, report.Reason);
        return await StoredInvitationEmailSource.UpdateDeliveryAsync(send.AccountId, invitationId, delivery, repository, logger, cancellationToken);
    }
}
