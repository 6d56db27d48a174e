using System.Globalization;

namespace Invitations.Invitations;

/// <summary>
/// One invitation of one account for one email address, with its rules. Plain C#: every method takes
/// the current time, so rules are testable with a fake clock and never depend on the expiry sweep.
/// </summary>
public sealed class Invitation
{
    public const int MaxMessageLength = 500;
    public const int MaxDisplayNameLength = 100;

    private readonly List<InvitationEvent> _newEvents = [];
    private readonly List<DateTimeOffset> _recentEmails;
    private bool _changed;

    private Invitation(InvitationState state)
    {
        AccountId = state.AccountId;
        Id = state.Id;
        Email = state.Email;
        DisplayName = state.DisplayName;
        Role = state.Role;
        Message = state.Message;
        Locale = state.Locale;
        InvitedBy = state.InvitedBy;
        CreatedAt = state.CreatedAt;
        LinkVersion = state.LinkVersion;
        SentAt = state.SentAt;
        ExpiresAt = state.ExpiresAt;
        SendNumber = state.SendNumber;
        StoredStatus = state.StoredStatus;
        ClosedAt = state.ClosedAt;
        ClosedBy = state.ClosedBy;
        AcceptedByUserId = state.AcceptedByUserId;
        Delivery = state.Delivery;
        _recentEmails = [.. state.RecentEmails];
    }

    public string AccountId { get; }
    public Guid Id { get; }
    public EmailAddress Email { get; }
    public string? DisplayName { get; }
    public string Role { get; private set; }
    public string? Message { get; }
    public string? Locale { get; }
    public Actor InvitedBy { get; }
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Bumped by every "send new invitation"; links of older versions are refused as superseded.</summary>
    public int LinkVersion { get; private set; }

    /// <summary>The send date of the current link: the start of its window.</summary>
    public DateTimeOffset SentAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>Emails sent for the current link version: 1 for its first email, +1 per resend.</summary>
    public int SendNumber { get; private set; }

    /// <summary>The status as last written. Use <see cref="StatusAt"/> for every read and decision.</summary>
    public InvitationStatus StoredStatus { get; private set; }

    /// <summary>When the invitation left pending (accepted, revoked or expired), if it has.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    public Actor? ClosedBy { get; private set; }
    public string? AcceptedByUserId { get; private set; }
    public EmailDelivery? Delivery { get; private set; }

    /// <summary>When each email of the last <see cref="EmailLimit.Window"/> was queued, whatever its kind or link version.</summary>
    public IReadOnlyList<DateTimeOffset> RecentEmails => _recentEmails;

    /// <summary>Events raised since load, to be written with the invitation in one transaction.</summary>
    public IReadOnlyList<InvitationEvent> NewEvents => _newEvents;

    /// <summary>Whether anything changed since load (every event is a change; a delivery claim changes state without one).</summary>
    public bool HasChanges => _changed;

    public static Invitation Create(NewInvitation request, Actor inviter, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(inviter);
        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), "The lifetime must be positive.");
        }

        var invitation = new Invitation(new InvitationState
        {
            AccountId = request.AccountId,
            Id = request.Id,
            Email = request.Email,
            DisplayName = request.DisplayName,
            Role = request.Role,
            Message = request.Message,
            Locale = request.Locale,
            InvitedBy = inviter,
            CreatedAt = now,
            LinkVersion = 1,
            SentAt = now,
            ExpiresAt = now + lifetime,
            SendNumber = 1,
            StoredStatus = InvitationStatus.Pending,
        });
        invitation.Raise(InvitationEventKind.Created, inviter, now);
        invitation.QueueEmail(now);
        return invitation;
    }

    public static Invitation Rehydrate(InvitationState state) => new(state ?? throw new ArgumentNullException(nameof(state)));

    public InvitationState ToState() => new()
    {
        AccountId = AccountId,
        Id = Id,
        Email = Email,
        DisplayName = DisplayName,
        Role = Role,
        Message = Message,
        Locale = Locale,
        InvitedBy = InvitedBy,
        CreatedAt = CreatedAt,
        LinkVersion = LinkVersion,
        SentAt = SentAt,
        ExpiresAt = ExpiresAt,
        SendNumber = SendNumber,
        StoredStatus = StoredStatus,
        ClosedAt = ClosedAt,
        ClosedBy = ClosedBy,
        AcceptedByUserId = AcceptedByUserId,
        Delivery = Delivery,
        RecentEmails = [.. _recentEmails],
    };

    /// <summary>
    /// The status as of <paramref name="now"/>. A pending invitation is expired from the instant its window
    /// ends (<c>now &gt;= ExpiresAt</c>), whether or not the sweep has written that yet.
    /// </summary>
    public InvitationStatus StatusAt(DateTimeOffset now) =>
        StoredStatus == InvitationStatus.Pending && now >= ExpiresAt ? InvitationStatus.Expired : StoredStatus;

    /// <summary>Open = pending and inside its window: at most one per account and email.</summary>
    public bool IsOpenAt(DateTimeOffset now) => StatusAt(now) == InvitationStatus.Pending;

    /// <summary>Throws unless the current link works right now (copy link, resend, accept).</summary>
    public void EnsureLinkActive(DateTimeOffset now)
    {
        switch (StatusAt(now))
        {
            case InvitationStatus.Pending:
                return;
            case InvitationStatus.Accepted:
                throw new InvitationRuleException(InvitationErrorCodes.Accepted, "The invitation was already accepted.");
            case InvitationStatus.Revoked:
                throw new InvitationRuleException(InvitationErrorCodes.Revoked, "The invitation was revoked.");
            default:
                throw new InvitationRuleException(InvitationErrorCodes.Expired, $"The invitation link expired at {ExpiresAt:u}. Send a new invitation.");
        }
    }

    /// <summary>
    /// Copy invitation link: only while the link is active. Returns the audit entry instead of raising it: a copy
    /// changes nothing on the invitation, so it never competes with real changes for the invitation's ETag.
    /// </summary>
    public InvitationEvent CopyLink(Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        EnsureLinkActive(now);
        return new InvitationEvent(InvitationEventKind.LinkCopied, actor, now, LinkVersion);
    }

    /// <summary>Resend invitation link: the same link and expiry, emailed again, within the invitation's email limit.</summary>
    public void Resend(Actor actor, DateTimeOffset now, EmailLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        EnsureLinkActive(now);
        EnsureEmailAllowed(now, limit);

        SendNumber++;
        Raise(InvitationEventKind.Resent, actor, now);
        QueueEmail(now);
    }

    /// <summary>How many more emails (resends or new invitations) the limit allows right now.</summary>
    public int EmailsRemaining(DateTimeOffset now, EmailLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        return Math.Max(0, limit.Limit - _recentEmails.Count(at => at > now - limit.Window));
    }

    /// <summary>
    /// Send new invitation: a new link version with a new window from now. The old link stops working.
    /// Allowed while pending or expired; an accepted or revoked invitation is closed for good.
    /// </summary>
    public void Reissue(Actor actor, DateTimeOffset now, TimeSpan lifetime, EmailLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        var status = StatusAt(now);
        if (status == InvitationStatus.Accepted)
        {
            throw new InvitationRuleException(InvitationErrorCodes.Accepted, "The invitation was already accepted.");
        }

        if (status == InvitationStatus.Revoked)
        {
            throw new InvitationRuleException(InvitationErrorCodes.Revoked, "The invitation was revoked. Create a new invitation instead.");
        }

        EnsureEmailAllowed(now, limit);
        LinkVersion++;
        SentAt = now;
        ExpiresAt = now + lifetime;
        SendNumber = 1;
        StoredStatus = InvitationStatus.Pending;
        ClosedAt = null;
        ClosedBy = null;
        Raise(InvitationEventKind.Reissued, actor, now);
        QueueEmail(now);
    }

    /// <summary>Revoke: the link stops working. Revoking twice changes nothing.</summary>
    /// <returns>Whether anything changed.</returns>
    public bool Revoke(Actor actor, DateTimeOffset now)
    {
        switch (StatusAt(now))
        {
            case InvitationStatus.Revoked:
                return false;
            case InvitationStatus.Accepted:
                throw new InvitationRuleException(InvitationErrorCodes.Accepted, "The invitation was already accepted.");
        }

        StoredStatus = InvitationStatus.Revoked;
        ClosedAt = now;
        ClosedBy = actor;
        Raise(InvitationEventKind.Revoked, actor, now);
        return true;
    }

    /// <summary>Accept as a user with one verified address.</summary>
    /// <returns>Whether anything changed.</returns>
    public bool Accept(Actor user, string verifiedEmail, int tokenLinkVersion, DateTimeOffset now) =>
        Accept(user, [verifiedEmail], tokenLinkVersion, now);

    /// <summary>
    /// Change the role the invitee will get, while the invitation is pending or expired (a send-new keeps it); an
    /// accepted or revoked invitation is closed for good. No email is sent. The same role again changes nothing.
    /// </summary>
    /// <returns>Whether anything changed.</returns>
    public bool ChangeRole(Actor actor, string role, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        switch (StatusAt(now))
        {
            case InvitationStatus.Accepted:
                throw new InvitationRuleException(InvitationErrorCodes.Accepted, "The invitation was already accepted; change the user's role instead.");
            case InvitationStatus.Revoked:
                throw new InvitationRuleException(InvitationErrorCodes.Revoked, "The invitation was revoked.");
        }

        if (string.Equals(Role, role, StringComparison.Ordinal))
        {
            return false;
        }

        var previous = Role;
        Role = role;
        Raise(InvitationEventKind.RoleChanged, actor, now, $"{previous} -> {role}");
        return true;
    }

    /// <summary>
    /// Accept with a link of <paramref name="tokenLinkVersion"/>. One of the user's verified addresses must be the
    /// invited one; a user without a verified address is refused. Accepting again as the same user is a no-op.
    /// </summary>
    /// <returns>Whether anything changed.</returns>
    public bool Accept(Actor user, IReadOnlyCollection<string> verifiedEmails, int tokenLinkVersion, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(verifiedEmails);
        if (StoredStatus == InvitationStatus.Accepted)
        {
            return string.Equals(AcceptedByUserId, user.Id, StringComparison.Ordinal)
                ? false
                : throw new InvitationRuleException(InvitationErrorCodes.AcceptedByAnotherUser, "The invitation was already accepted by someone else.");
        }

        EnsureCurrentVersion(tokenLinkVersion);
        EnsureLinkActive(now);
        if (verifiedEmails.Count == 0)
        {
            throw new InvitationRuleException(InvitationErrorCodes.EmailNotVerified, "Your sign-in does not carry a verified email address, so it cannot be matched with the invitation.");
        }

        if (!verifiedEmails.Any(Email.Matches))
        {
            throw new InvitationRuleException(InvitationErrorCodes.EmailMismatch, "This invitation is for a different email address.");
        }

        StoredStatus = InvitationStatus.Accepted;
        ClosedAt = now;
        ClosedBy = user;
        AcceptedByUserId = user.Id;
        Raise(InvitationEventKind.Accepted, user, now);
        return true;
    }

    /// <summary>Throws <c>invitation-superseded</c> for a link of an older version.</summary>
    public void EnsureCurrentVersion(int tokenLinkVersion)
    {
        if (tokenLinkVersion < LinkVersion)
        {
            throw new InvitationRuleException(InvitationErrorCodes.Superseded, "A newer invitation was sent; this link no longer works.");
        }

        if (tokenLinkVersion != LinkVersion)
        {
            throw new InvitationRuleException(InvitationErrorCodes.InvalidToken, "The invitation link is not valid.");
        }
    }

    /// <summary>Writes the expired state the clock already implies (the sweep).</summary>
    /// <returns>Whether anything changed.</returns>
    public bool MarkExpired(DateTimeOffset now)
    {
        if (StoredStatus != InvitationStatus.Pending || now < ExpiresAt)
        {
            return false;
        }

        StoredStatus = InvitationStatus.Expired;
        ClosedAt = ExpiresAt;
        ClosedBy = Actor.System;
        Raise(InvitationEventKind.Expired, Actor.System, now);
        return true;
    }

    /// <summary>
    /// Claims this send for one delivery before its email is POSTed. Only a delivery that saw the send at
    /// <paramref name="seenAttempts"/> attempts can claim it: every claim counts an attempt, so of two deliveries that
    /// read the same state, the one whose write lands second finds the count moved and loses (no second POST).
    /// </summary>
    /// <exception cref="InvitationRuleException"><c>send-claimed</c> when another delivery claimed it; <c>invitation-superseded</c>
    /// when the send is no longer the invitation's current, open send.</exception>
    public void ClaimSend(int linkVersion, int sendNumber, string operationId, int seenAttempts, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(operationId);
        if ((linkVersion, sendNumber) != (LinkVersion, SendNumber) || !IsOpenAt(now))
        {
            throw new InvitationRuleException(InvitationErrorCodes.Superseded, "The invitation moved on; this email is no longer due.");
        }

        var send = Delivery is { } d && d.LinkVersion == linkVersion && d.SendNumber == sendNumber ? d : null;
        var attempts = send?.Attempts ?? 0;
        if (attempts != seenAttempts || send?.Status is EmailDeliveryStatus.Sent or EmailDeliveryStatus.Delivered
                or EmailDeliveryStatus.Bounced or EmailDeliveryStatus.Suppressed)
        {
            throw new InvitationRuleException(InvitationErrorCodes.SendClaimed, "Another delivery of this email claimed it first.");
        }

        Delivery = new EmailDelivery(EmailDeliveryStatus.Sending, now, linkVersion, sendNumber, attempts + 1, operationId);
        _changed = true;
    }

    /// <summary>
    /// Records what the email sender or a delivery report learnt about a send. The latest send's status is replaced
    /// (a report of delivered, bounced or suppressed is final: the sender's own later statuses of that send do not
    /// overwrite it). A report about an older send (delivered, bounced, suppressed, failed) is written to the history
    /// only, so the admin sees an earlier email bounced; the sender's statuses of an older send are stale and ignored.
    /// </summary>
    public DeliveryRecordOutcome RecordDelivery(EmailDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var kind = EventKindOf(delivery.Status);
        if (Delivery is { } current)
        {
            var order = (delivery.LinkVersion, delivery.SendNumber).CompareTo((current.LinkVersion, current.SendNumber));
            if (order < 0)
            {
                if (!IsFinalReport(delivery.Status) || kind is not { } olderKind)
                {
                    return DeliveryRecordOutcome.Unchanged;
                }

                var what = string.Create(CultureInfo.InvariantCulture, $"email {delivery.SendNumber} of link {delivery.LinkVersion}");
                _newEvents.Add(new InvitationEvent(olderKind, Actor.System, delivery.At, delivery.LinkVersion,
                    delivery.Reason is { Length: > 0 } reason ? $"{what}: {reason}" : what) { DeliveryStatus = delivery.Status });
                _changed = true;
                return DeliveryRecordOutcome.RecordedInHistory;
            }

            if (order == 0 && IsReport(current.Status) && !IsReport(delivery.Status))
            {
                return DeliveryRecordOutcome.Unchanged;
            }

            if (current == delivery)
            {
                return DeliveryRecordOutcome.Unchanged;
            }
        }

        // "Not sent" only replaces "queued" of that same send: a send that started may have reached the recipient.
        if (delivery.Status == EmailDeliveryStatus.Dropped &&
            (Delivery is not { Status: EmailDeliveryStatus.Queued } queued ||
             (queued.LinkVersion, queued.SendNumber) != (delivery.LinkVersion, delivery.SendNumber)))
        {
            return DeliveryRecordOutcome.Unchanged;
        }

        var changed = Delivery?.Status != delivery.Status;
        Delivery = delivery;
        _changed = true;
        if (changed && kind is { } k)
        {
            _newEvents.Add(new InvitationEvent(k, Actor.System, delivery.At, LinkVersion, delivery.Reason) { DeliveryStatus = delivery.Status });
        }

        return DeliveryRecordOutcome.Applied;
    }

    private static InvitationEventKind? EventKindOf(EmailDeliveryStatus status) => status switch
    {
        EmailDeliveryStatus.Sent => InvitationEventKind.EmailSent,
        EmailDeliveryStatus.Delivered => InvitationEventKind.EmailDelivered,
        EmailDeliveryStatus.Bounced or EmailDeliveryStatus.Suppressed or EmailDeliveryStatus.Failed => InvitationEventKind.EmailFailed,
        EmailDeliveryStatus.Dropped => InvitationEventKind.EmailDropped,
        _ => null,
    };

    /// <summary>What the recipient's mail system said (a delivery report): final for its send.</summary>
    private static bool IsReport(EmailDeliveryStatus status) =>
        status is EmailDeliveryStatus.Delivered or EmailDeliveryStatus.Bounced or EmailDeliveryStatus.Suppressed;

    /// <summary>A send's final fate, worth showing even after a newer send replaced it.</summary>
    private static bool IsFinalReport(EmailDeliveryStatus status) => IsReport(status) || status == EmailDeliveryStatus.Failed;

    /// <summary>Forget raised events and changes once they are stored.</summary>
    public void ClearNewEvents()
    {
        _newEvents.Clear();
        _changed = false;
    }

    /// <summary>
    /// Refuses an email past the limit of the rolling window. Every email counts (the first one, resends, new
    /// invitations), so a new link version does not reset the count.
    /// </summary>
    private void EnsureEmailAllowed(DateTimeOffset now, EmailLimit limit)
    {
        var inWindow = _recentEmails.Where(at => at > now - limit.Window).ToList();
        if (inWindow.Count < limit.Limit)
        {
            _recentEmails.RemoveAll(at => at <= now - limit.Window);
            return;
        }

        var nextEmailAt = inWindow.Min() + limit.Window;
        throw new InvitationRuleException(
            InvitationErrorCodes.InvitationEmailLimitReached,
            $"This invitation already sent {inWindow.Count} emails in the last {limit.Window.TotalHours:0.#} hours; the next one is possible at {nextEmailAt:u}.",
            nextEmailAt - now,
            nextEmailAt);
    }

    /// <summary>Every email goes through here, so every email is counted.</summary>
    private void QueueEmail(DateTimeOffset now)
    {
        _recentEmails.Add(now);
        Delivery = new EmailDelivery(EmailDeliveryStatus.Queued, now, LinkVersion, SendNumber);
        Raise(InvitationEventKind.EmailQueued, Actor.System, now);
    }

    private void Raise(InvitationEventKind kind, Actor actor, DateTimeOffset at, string? details = null)
    {
        _newEvents.Add(new InvitationEvent(kind, actor, at, LinkVersion, details));
        _changed = true;
    }
}
