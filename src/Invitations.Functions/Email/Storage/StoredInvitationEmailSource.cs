using Invitations.Accounts;
using Invitations.Email.Rendering;
using Invitations.Invitations;
using Invitations.Storage;
using Microsoft.Extensions.Options;

namespace Invitations.Email.Storage;

/// <summary>
/// The dispatcher's view of invitation storage. One email costs one point read (<see cref="LoadAsync"/>), the claim
/// (an ETag-conditional write from that read, in parallel with the message id row), and the outcome (one transaction
/// with its history row, from the claim's ETag): every write goes through <see cref="InvitationWriter"/>.
/// </summary>
public sealed class StoredInvitationEmailSource(
    InvitationStore store,
    InvitationWriter writer,
    EmailMessageIndex messages,
    IAccountDirectory accounts,
    InvitationLinkTokens tokens,
    IOptions<InvitationOptions> options,
    TimeProvider time) : IInvitationEmailSource
{
    public async Task<InvitationEmailContext?> LoadAsync(EmailJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var stored = await store.GetAsync(job.AccountId, job.InvitationId, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var invitation = stored.Value;
        var jobSend = (job.LinkVersion, job.SendNumber);
        var onInvitation = (invitation.LinkVersion, invitation.SendNumber);
        var ahead = jobSend.CompareTo(onInvitation) > 0;
        var status = invitation.StatusAt(time.GetUtcNow());
        var current = jobSend == onInvitation && status == InvitationStatus.Pending;

        var account = await accounts.GetAsync(invitation.AccountId, cancellationToken);
        var link = options.Value.BuildLink(tokens.Create(invitation.AccountId, invitation.Id, invitation.LinkVersion));
        var email = new InvitationEmailModel
        {
            InviteeAddress = invitation.Email.Value,
            InviteeDisplayName = invitation.DisplayName,
            AccountName = account.Name,
            InviterName = invitation.InvitedBy.DisplayName,
            PersonalMessage = invitation.Message,
            Link = link,
            ExpiresAt = invitation.ExpiresAt,
            Locale = invitation.Locale,
            Kind = job.Kind,
        };

        var send = invitation.Delivery is { } d && d.LinkVersion == job.LinkVersion && d.SendNumber == job.SendNumber
            ? new EmailSendRecord(job.OperationId, d.Status, d.Attempts, d.At)
            : null;
        return new InvitationEmailContext(email, current, send) { IsAhead = ahead, StaleReason = current ? null : StaleReasonOf(status), Snapshot = stored };
    }

    private static string StaleReasonOf(InvitationStatus status) => status switch
    {
        InvitationStatus.Expired => "the invitation expired",
        InvitationStatus.Revoked => "the invitation was revoked",
        InvitationStatus.Accepted => "the invitation was accepted",
        _ => "a newer send replaced it",
    };

    public async Task<EmailSendClaim?> ClaimAsync(EmailJob job, InvitationEmailContext context, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(context);
        var seen = context.Send?.Attempts ?? 0;
        var operationId = job.OperationId.ToString("D");

        // Before the POST, and in parallel with the claim (independent rows): a delivery report may arrive before "sent" is written.
        var index = messages.RecordAsync(job.OperationId, job, cancellationToken);
        var claim = writer.ChangeAsync(
            job.AccountId,
            job.InvitationId,
            (invitation, _) => invitation.ClaimSend(job.LinkVersion, job.SendNumber, operationId, seen, at),
            new InvitationWriteOptions { Known = context.Snapshot },
            cancellationToken);
        try
        {
            await Task.WhenAll(index, claim);
        }
        catch (DomainException e) when (claim.IsFaulted && e.Code is InvitationErrorCodes.SendClaimed or InvitationErrorCodes.Superseded or InvitationErrorCodes.NotFound)
        {
            await index;
            return null;
        }

        var written = await claim;
        return new EmailSendClaim(written.Invitation.Delivery?.Attempts ?? seen + 1) { Snapshot = written.Stored };
    }

    public async Task RecordAsync(EmailJob job, EmailDeliveryUpdate update, EmailSendClaim? claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(update);
        var delivery = new EmailDelivery(
            update.Status, update.At, job.LinkVersion, job.SendNumber, update.Attempts,
            update.OperationId.ToString("D"), update.MessageId, update.Reason);
        var write = RecordDeliveryAsync(writer, job.AccountId, job.InvitationId, _ => delivery, claim?.Snapshot, cancellationToken);

        // ACS answers with our Operation-Id as the message id (indexed at the claim); should it ever answer another id,
        // that one is indexed too, in parallel with the status write (independent rows).
        var index = update.Status == EmailDeliveryStatus.Sent && Guid.TryParse(update.MessageId, out var returned) && returned != update.OperationId
            ? messages.RecordAsync(returned, update.OperationId, job, cancellationToken)
            : Task.CompletedTask;
        await Task.WhenAll(write, index);
    }

    /// <summary>
    /// Applies a delivery status through the write path (<see cref="Invitation.RecordDelivery"/>: the latest send's
    /// status, an older send's report to the history only, and the sender's own statuses never overwrite a report).
    /// <paramref name="deliveryOf"/> sees the invitation as it is at each attempt.
    /// </summary>
    /// <returns>What the rules did (at the attempt that committed); null when the invitation does not exist.</returns>
    internal static async Task<DeliveryRecordOutcome?> RecordDeliveryAsync(
        InvitationWriter writer, string accountId, Guid invitationId, Func<Invitation, EmailDelivery> deliveryOf, Stored<Invitation>? known, CancellationToken ct)
    {
        try
        {
            var outcome = DeliveryRecordOutcome.Unchanged;
            await writer.ChangeAsync(
                accountId,
                invitationId,
                (invitation, _) => outcome = invitation.RecordDelivery(deliveryOf(invitation)),
                new InvitationWriteOptions { Known = known },
                ct);
            return outcome;
        }
        catch (InvitationNotFoundException)
        {
            return null;
        }
    }
}
