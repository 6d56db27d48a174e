using Invitations.Email.DeliveryReports;
using Invitations.Invitations;
using Invitations.Storage;

namespace Invitations.Email.Storage;

/// <summary>
/// Delivery reports → the invitation: the message id finds the send in <see cref="EmailMessageIndex"/>, then the
/// the invitation's rules record it (<see cref="Invitation.RecordDelivery"/>: the latest send's status, or the history
/// for an older send).
/// </summary>
public sealed class StoredEmailDeliveryReportSink(EmailMessageIndex messages, InvitationWriter writer) : IEmailDeliveryReportSink
{
    public async Task<DeliveryRecordOutcome?> RecordAsync(EmailDeliveryReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var send = await messages.FindAsync(report.MessageId, cancellationToken);
        if (send is null)
        {
            return null;
        }

        return await StoredInvitationEmailSource.RecordDeliveryAsync(
            writer,
            send.AccountId,
            send.InvitationId,
            invitation => new EmailDelivery(
                report.Status, report.At, send.LinkVersion, send.SendNumber, AttemptsOf(invitation, send),
                send.OperationId, report.MessageId, report.Reason),
            known: null,
            cancellationToken);
    }

    private static int AttemptsOf(Invitation invitation, EmailMessageRef send) =>
        invitation.Delivery is { } d && d.LinkVersion == send.LinkVersion && d.SendNumber == send.SendNumber ? d.Attempts : 0;
}
