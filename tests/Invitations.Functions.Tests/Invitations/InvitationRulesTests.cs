using Invitations.Invitations;
using static Invitations.Tests.Invitations.InvitationTestData;

namespace Invitations.Tests.Invitations;

public sealed class InvitationRulesTests
{
    // A member, so it wins over the Invitations.Admin namespace in name lookup.
    private static readonly Actor Admin = InvitationTestData.Admin;

    private static readonly EmailLimit Policy = InvitationTestData.DailyEmails;

    [Fact]
    public void A_new_invitation_is_pending_with_a_seven_day_window_and_a_queued_email()
    {
        var invitation = NewInvitation();

        Assert.Equal(InvitationStatus.Pending, invitation.StatusAt(Start));
        Assert.Equal(1, invitation.LinkVersion);
        Assert.Equal(Start + TimeSpan.FromDays(7), invitation.ExpiresAt);
        Assert.Equal(EmailDeliveryStatus.Queued, invitation.Delivery!.Status);
        Assert.Equal([InvitationEventKind.Created, InvitationEventKind.EmailQueued], invitation.NewEvents.Select(e => e.Kind));
    }

    [Fact]
    public void Expiry_is_exactly_the_send_date_plus_lifetime()
    {
        var invitation = NewInvitation();
        var expiresAt = Start + Lifetime;

        Assert.Equal(InvitationStatus.Pending, invitation.StatusAt(expiresAt - TimeSpan.FromTicks(1)));
        Assert.Equal(InvitationStatus.Expired, invitation.StatusAt(expiresAt));
        Assert.True(invitation.IsOpenAt(expiresAt.AddSeconds(-1)));
        Assert.False(invitation.IsOpenAt(expiresAt));
    }

    [Fact]
    public void An_unswept_pending_invitation_past_its_window_is_expired_for_every_action()
    {
        var invitation = NewInvitation();
        var later = Start + Lifetime + TimeSpan.FromMinutes(1);

        Assert.Equal(InvitationStatus.Pending, invitation.StoredStatus);
        Assert.Equal(InvitationErrorCodes.Expired, Assert.Throws<InvitationRuleException>(() => invitation.CopyLink(Admin, later)).Code);
        Assert.Equal(InvitationErrorCodes.Expired, Assert.Throws<InvitationRuleException>(() => invitation.Resend(Admin, later, Policy)).Code);
        Assert.Equal(InvitationErrorCodes.Expired, Assert.Throws<InvitationRuleException>(() => invitation.Accept(Invitee, "ana@example.com", 1, later)).Code);
    }

    [Fact]
    public void Resend_keeps_the_same_link_and_expiry_and_counts_the_send()
    {
        var invitation = NewInvitation();
        invitation.Resend(Admin, Start.AddHours(1), Policy);

        Assert.Equal(1, invitation.LinkVersion);
        Assert.Equal(Start + Lifetime, invitation.ExpiresAt);
        Assert.Equal(2, invitation.SendNumber);
        Assert.Equal(2, invitation.Delivery!.SendNumber);
    }

    [Fact]
    public void The_first_email_and_five_resends_use_the_daily_six_and_the_seventh_is_refused_until_the_first_leaves_the_window()
    {
        var invitation = NewInvitation();
        for (var i = 1; i <= 5; i++)
        {
            invitation.Resend(Admin, Start.AddMinutes(i), Policy);
        }

        var refused = Assert.Throws<InvitationRuleException>(() => invitation.Resend(Admin, Start.AddMinutes(10), Policy));

        Assert.Equal(InvitationErrorCodes.InvitationEmailLimitReached, refused.Code);
        Assert.Equal(Start.AddHours(24), refused.RetryAt);
        Assert.Equal(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(10), refused.RetryAfter);
        Assert.Equal(0, invitation.EmailsRemaining(Start.AddMinutes(10), Policy));
        Assert.Throws<InvitationRuleException>(() => invitation.Resend(Admin, Start.AddHours(24).AddTicks(-1), Policy));
        invitation.Resend(Admin, refused.RetryAt!.Value, Policy); // possible from retryAt on
        Assert.Equal(7, invitation.SendNumber);
    }

    [Fact]
    public void Send_new_invitation_counts_against_the_same_limit_and_does_not_reset_it()
    {
        var invitation = NewInvitation();
        var now = Start;
        // The abuse loop of issue 10: a new invitation, then resends, again and again.
        var sent = 1;
        for (var round = 0; round < 8; round++)
        {
            foreach (var send in new Action<DateTimeOffset>[] { at => invitation.Reissue(Admin, at, Lifetime, Policy) }
                         .Concat(Enumerable.Repeat<Action<DateTimeOffset>>(at => invitation.Resend(Admin, at, Policy), 6)))
            {
                now = now.AddSeconds(1);
                try
                {
                    send(now);
                    sent++;
                }
                catch (InvitationRuleException refused) when (refused.Code == InvitationErrorCodes.InvitationEmailLimitReached)
                {
                }
            }
        }

        Assert.Equal(6, sent);
        Assert.Equal(6, invitation.NewEvents.Count(e => e.Kind == InvitationEventKind.EmailQueued));
    }

    [Fact]
    public void A_refused_send_new_changes_nothing()
    {
        var invitation = NewInvitation();
        for (var i = 1; i <= 5; i++)
        {
            invitation.Reissue(Admin, Start.AddMinutes(i), Lifetime, Policy);
        }

        var before = invitation.ToState();
        var events = invitation.NewEvents.Count;

        var refused = Assert.Throws<InvitationRuleException>(() => invitation.Reissue(Admin, Start.AddMinutes(30), Lifetime, Policy));

        Assert.Equal(InvitationErrorCodes.InvitationEmailLimitReached, refused.Code);
        Assert.Equal(Start.AddHours(24), refused.RetryAt);
        Assert.Equal(before, invitation.ToState() with { RecentEmails = before.RecentEmails });
        Assert.Equal(before.RecentEmails, invitation.RecentEmails);
        Assert.Equal(events, invitation.NewEvents.Count);
    }

    [Fact]
    public void The_window_rolls_one_email_at_a_time()
    {
        var limit = EmailLimit.PerDay(2);
        var invitation = NewInvitation();
        invitation.Resend(Admin, Start.AddHours(10), limit);

        Assert.Throws<InvitationRuleException>(() => invitation.Resend(Admin, Start.AddHours(20), limit));
        invitation.Resend(Admin, Start.AddHours(25), limit); // the first email left the window
        var refused = Assert.Throws<InvitationRuleException>(() => invitation.Reissue(Admin, Start.AddHours(26), Lifetime, limit));

        Assert.Equal(Start.AddHours(34), refused.RetryAt); // when the resend at +10 h leaves the window
        Assert.Equal(1, invitation.EmailsRemaining(Start.AddHours(34).AddTicks(1), limit));
    }

    [Fact]
    public void Only_emails_count_not_other_changes()
    {
        var limit = EmailLimit.PerDay(2);
        var invitation = NewInvitation();
        invitation.CopyLink(Admin, Start.AddMinutes(1));
        invitation.RecordDelivery(new EmailDelivery(EmailDeliveryStatus.Sent, Start.AddMinutes(2), 1, 1));

        invitation.Resend(Admin, Start.AddMinutes(3), limit);

        Assert.Equal(0, invitation.EmailsRemaining(Start.AddMinutes(3), limit));
    }

    [Fact]
    public void Reissue_bumps_the_link_version_and_starts_a_new_window_from_now()
    {
        var invitation = NewInvitation();
        var now = Start + Lifetime + TimeSpan.FromDays(2);

        invitation.Reissue(Admin, now, Lifetime, InvitationTestData.DailyEmails);

        Assert.Equal(2, invitation.LinkVersion);
        Assert.Equal(now, invitation.SentAt);
        Assert.Equal(now + Lifetime, invitation.ExpiresAt);
        Assert.Equal(1, invitation.SendNumber);
        Assert.Equal(InvitationStatus.Pending, invitation.StatusAt(now));
    }

    [Fact]
    public void Reissue_revives_an_invitation_the_sweep_already_marked_expired()
    {
        var invitation = NewInvitation();
        var late = Start + Lifetime;
        Assert.True(invitation.MarkExpired(late));

        invitation.Reissue(Admin, late.AddHours(1), Lifetime, InvitationTestData.DailyEmails);

        Assert.Equal(InvitationStatus.Pending, invitation.StoredStatus);
        Assert.Null(invitation.ClosedAt);
    }

    [Fact]
    public void The_old_link_is_superseded_after_a_reissue()
    {
        var invitation = NewInvitation();
        invitation.Reissue(Admin, Start.AddDays(1), Lifetime, InvitationTestData.DailyEmails);

        var refused = Assert.Throws<InvitationRuleException>(() => invitation.Accept(Invitee, "ana@example.com", 1, Start.AddDays(1)));

        Assert.Equal(InvitationErrorCodes.Superseded, refused.Code);
        Assert.True(invitation.Accept(Invitee, "ana@example.com", 2, Start.AddDays(1)));
    }

    [Theory]
    [InlineData(InvitationStatus.Accepted, InvitationErrorCodes.Accepted)]
    [InlineData(InvitationStatus.Revoked, InvitationErrorCodes.Revoked)]
    public void Closed_invitations_cannot_be_reissued_resent_or_copied(InvitationStatus closed, string code)
    {
        var invitation = NewInvitation();
        if (closed == InvitationStatus.Accepted)
        {
            invitation.Accept(Invitee, "ana@example.com", 1, Start.AddHours(1));
        }
        else
        {
            invitation.Revoke(Admin, Start.AddHours(1));
        }

        var now = Start.AddHours(2);
        Assert.Equal(code, Assert.Throws<InvitationRuleException>(() => invitation.Reissue(Admin, now, Lifetime, InvitationTestData.DailyEmails)).Code);
        Assert.Equal(code, Assert.Throws<InvitationRuleException>(() => invitation.Resend(Admin, now, Policy)).Code);
        Assert.Equal(code, Assert.Throws<InvitationRuleException>(() => invitation.CopyLink(Admin, now)).Code);
    }

    [Fact]
    public void Accepting_again_as_the_same_user_changes_nothing()
    {
        var invitation = NewInvitation();
        Assert.True(invitation.Accept(Invitee, " ANA@Example.com ", 1, Start.AddHours(1)));
        invitation.ClearNewEvents();

        Assert.False(invitation.Accept(Invitee, "ana@example.com", 1, Start.AddDays(30)));
        Assert.Empty(invitation.NewEvents);
        Assert.Equal(InvitationStatus.Accepted, invitation.StatusAt(Start.AddDays(30)));
    }

    [Fact]
    public void Accepting_as_another_user_or_with_another_email_is_refused()
    {
        var invitation = NewInvitation();

        Assert.Equal(InvitationErrorCodes.EmailMismatch,
            Assert.Throws<InvitationRuleException>(() => invitation.Accept(Invitee, "eve@example.com", 1, Start)).Code);
        invitation.Accept(Invitee, "ana@example.com", 1, Start);
        Assert.Equal(InvitationErrorCodes.AcceptedByAnotherUser,
            Assert.Throws<InvitationRuleException>(() => invitation.Accept(new Actor("user-2"), "ana@example.com", 1, Start)).Code);
    }

    [Fact]
    public void Accepting_without_a_verified_address_is_refused_and_changes_nothing()
    {
        var invitation = NewInvitation();
        var before = invitation.ToState();

        var refused = Assert.Throws<InvitationRuleException>(() => invitation.Accept(Invitee, Array.Empty<string>(), 1, Start));

        Assert.Equal(InvitationErrorCodes.EmailNotVerified, refused.Code);
        Assert.Equal(before with { RecentEmails = [] }, invitation.ToState() with { RecentEmails = [] });
    }

    [Fact]
    public void Any_verified_address_of_the_user_may_match()
    {
        var invitation = NewInvitation();

        Assert.True(invitation.Accept(Invitee, ["work@example.com", "ANA@example.com"], 1, Start));
    }

    [Fact]
    public void A_kelvin_sign_in_the_token_does_not_match_a_plain_k()
    {
        var invitation = NewInvitation(email: "kate@example.com");

        var refused = Assert.Throws<InvitationRuleException>(() => invitation.Accept(Invitee, "\u212Aate@example.com", 1, Start));

        Assert.Equal(InvitationErrorCodes.EmailMismatch, refused.Code);
    }

    [Fact]
    public void Revoking_twice_is_a_no_op_and_revoking_an_accepted_invitation_is_refused()
    {
        var invitation = NewInvitation();
        Assert.True(invitation.Revoke(Admin, Start));
        Assert.False(invitation.Revoke(Admin, Start.AddMinutes(1)));

        var accepted = NewInvitation();
        accepted.Accept(Invitee, "ana@example.com", 1, Start);
        Assert.Equal(InvitationErrorCodes.Accepted, Assert.Throws<InvitationRuleException>(() => accepted.Revoke(Admin, Start)).Code);
    }

    [Fact]
    public void The_sweep_marks_only_pending_invitations_whose_window_has_passed()
    {
        var invitation = NewInvitation();

        Assert.False(invitation.MarkExpired(Start + Lifetime - TimeSpan.FromSeconds(1)));
        Assert.True(invitation.MarkExpired(Start + Lifetime));
        Assert.False(invitation.MarkExpired(Start + Lifetime + TimeSpan.FromDays(1)));
        Assert.Equal(InvitationEventKind.Expired, invitation.NewEvents[^1].Kind);

        var accepted = NewInvitation();
        accepted.Accept(Invitee, "ana@example.com", 1, Start);
        Assert.False(accepted.MarkExpired(Start + Lifetime));
    }

    [Fact]
    public void A_report_for_an_older_send_goes_to_the_history_and_leaves_the_latest_send_alone()
    {
        var invitation = NewInvitation();
        invitation.Resend(Admin, Start.AddMinutes(1), Policy);
        Assert.Equal(DeliveryRecordOutcome.Applied, invitation.RecordDelivery(new EmailDelivery(EmailDeliveryStatus.Sent, Start.AddMinutes(2), 1, 2, 1, "op")));
        invitation.ClearNewEvents();

        var outcome = invitation.RecordDelivery(new EmailDelivery(EmailDeliveryStatus.Bounced, Start.AddMinutes(3), 1, 1, Reason: "bounced: Mailbox full"));

        Assert.Equal(DeliveryRecordOutcome.RecordedInHistory, outcome);
        Assert.Equal((EmailDeliveryStatus.Sent, 2), (invitation.Delivery!.Status, invitation.Delivery.SendNumber));
        var entry = Assert.Single(invitation.NewEvents);
        Assert.Equal((InvitationEventKind.EmailFailed, 1, Start.AddMinutes(3)), (entry.Kind, entry.LinkVersion, entry.At));
        Assert.Equal("email 1 of link 1: bounced: Mailbox full", entry.Details);
    }

    [Fact]
    public void The_senders_statuses_of_an_older_send_are_stale_and_change_nothing()
    {
        var invitation = NewInvitation();
        invitation.Resend(Admin, Start.AddMinutes(1), Policy);
        invitation.ClearNewEvents();

        Assert.Equal(DeliveryRecordOutcome.Unchanged, invitation.RecordDelivery(new EmailDelivery(EmailDeliveryStatus.Sent, Start.AddMinutes(2), 1, 1, 1, "op")));
        Assert.Equal(DeliveryRecordOutcome.Unchanged, invitation.RecordDelivery(new EmailDelivery(EmailDeliveryStatus.Sending, Start.AddMinutes(2), 1, 1, 1, "op")));
        Assert.Equal((EmailDeliveryStatus.Queued, 2), (invitation.Delivery!.Status, invitation.Delivery.SendNumber));
        Assert.Empty(invitation.NewEvents);
    }

    [Fact]
    public void A_final_report_is_not_overwritten_by_the_senders_status_and_a_repeat_changes_nothing()
    {
        var invitation = NewInvitation();
        var delivered = new EmailDelivery(EmailDeliveryStatus.Delivered, Start.AddMinutes(2), 1, 1, 1, "op", "op");
        Assert.Equal(DeliveryRecordOutcome.Applied, invitation.RecordDelivery(delivered));
        invitation.ClearNewEvents();

        Assert.Equal(DeliveryRecordOutcome.Unchanged, invitation.RecordDelivery(new EmailDelivery(EmailDeliveryStatus.Sent, Start.AddMinutes(3), 1, 1, 1, "op", "op")));
        Assert.Equal(DeliveryRecordOutcome.Unchanged, invitation.RecordDelivery(delivered));
        Assert.Equal(EmailDeliveryStatus.Delivered, invitation.Delivery!.Status);
        Assert.Empty(invitation.NewEvents);
    }

    [Fact]
    public void The_role_of_a_pending_or_expired_invitation_changes_with_a_history_entry_and_no_email()
    {
        var pending = NewInvitation();
        pending.ClearNewEvents();

        Assert.True(pending.ChangeRole(Admin, "admin", Start.AddMinutes(1)));
        Assert.Equal("admin", pending.Role);
        var entry = Assert.Single(pending.NewEvents);
        Assert.Equal((InvitationEventKind.RoleChanged, "member -> admin"), (entry.Kind, entry.Details));
        Assert.Equal(EmailDeliveryStatus.Queued, pending.Delivery!.Status); // nothing new queued: same send
        Assert.Equal(1, pending.SendNumber);

        var expired = NewInvitation();
        Assert.True(expired.ChangeRole(Admin, "admin", Start + Lifetime + TimeSpan.FromDays(1)));
        Assert.Equal(InvitationStatus.Expired, expired.StatusAt(Start + Lifetime + TimeSpan.FromDays(1)));
    }

    [Fact]
    public void The_same_role_again_changes_nothing()
    {
        var invitation = NewInvitation();
        invitation.ClearNewEvents();

        Assert.False(invitation.ChangeRole(Admin, invitation.Role, Start.AddMinutes(1)));
        Assert.Empty(invitation.NewEvents);
    }

    [Fact]
    public void An_accepted_or_revoked_invitation_keeps_its_role()
    {
        var accepted = NewInvitation();
        accepted.Accept(Invitee, "ana@example.com", 1, Start);
        var revoked = NewInvitation();
        revoked.Revoke(Admin, Start);

        Assert.Equal(InvitationErrorCodes.Accepted, Assert.Throws<InvitationRuleException>(() => accepted.ChangeRole(Admin, "admin", Start.AddMinutes(1))).Code);
        Assert.Equal(InvitationErrorCodes.Revoked, Assert.Throws<InvitationRuleException>(() => revoked.ChangeRole(Admin, "admin", Start.AddMinutes(1))).Code);
        Assert.Equal(("member", "member"), (accepted.Role, revoked.Role));
    }

    [Fact]
    public void A_dropped_job_replaces_queued_of_its_own_send_only_and_leaves_a_history_entry()
    {
        var invitation = NewInvitation(); // send 1 queued
        var dropped = new EmailDelivery(EmailDeliveryStatus.Dropped, Start + Lifetime, 1, 1, Reason: "not sent: the invitation expired before the email went out");

        Assert.Equal(DeliveryRecordOutcome.Applied, invitation.RecordDelivery(dropped));

        Assert.Equal(EmailDeliveryStatus.Dropped, invitation.Delivery!.Status);
        var entry = invitation.NewEvents[^1];
        Assert.Equal((InvitationEventKind.EmailDropped, dropped.Reason), (entry.Kind, entry.Details));
    }

    [Fact]
    public void A_dropped_job_never_overwrites_a_send_that_started_or_a_newer_send()
    {
        var sending = NewInvitation();
        Assert.Equal(DeliveryRecordOutcome.Applied, sending.RecordDelivery(new EmailDelivery(EmailDeliveryStatus.Sending, Start.AddMinutes(1), 1, 1, 1, "op")));
        var resent = NewInvitation();
        resent.Resend(Admin, Start.AddMinutes(1), Policy); // send 2 queued

        Assert.Equal(DeliveryRecordOutcome.Unchanged, sending.RecordDelivery(new EmailDelivery(EmailDeliveryStatus.Dropped, Start.AddMinutes(2), 1, 1, Reason: "x")));
        Assert.Equal(DeliveryRecordOutcome.Unchanged, resent.RecordDelivery(new EmailDelivery(EmailDeliveryStatus.Dropped, Start.AddMinutes(2), 1, 1, Reason: "x")));
        Assert.Equal(EmailDeliveryStatus.Sending, sending.Delivery!.Status);
        Assert.Equal((EmailDeliveryStatus.Queued, 2), (resent.Delivery!.Status, resent.Delivery.SendNumber));
        Assert.DoesNotContain(sending.NewEvents, e => e.Kind == InvitationEventKind.EmailDropped);
    }

    [Fact]
    public void State_round_trips_through_rehydration()
    {
        var invitation = NewInvitation();
        invitation.Resend(Admin, Start.AddMinutes(1), Policy);

        var copy = Invitation.Rehydrate(invitation.ToState());

        Assert.Equal(invitation.ToState() with { RecentEmails = [] }, copy.ToState() with { RecentEmails = [] });
        Assert.Equal(invitation.RecentEmails, copy.RecentEmails);
        Assert.Empty(copy.NewEvents);
    }
}
