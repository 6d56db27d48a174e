using Azure;
using Invitations.Expiry;
using Invitations.Invitations;
using Invitations.Tests.Invitations;

namespace Invitations.Tests.Expiry;

public sealed class ExpiryDecisionsTests
{
    private static readonly DateTimeOffset Sent = InvitationTestData.Start;
    private static readonly DateTimeOffset AfterWindow = Sent + InvitationTestData.Lifetime + TimeSpan.FromMinutes(3);

    private static ExpiryIndexEntry RowFor(Invitation invitation, DateTimeOffset? writtenAt = null) =>
        RowAt(invitation, invitation.ExpiresAt, writtenAt ?? invitation.SentAt);

    private static ExpiryIndexEntry RowAt(Invitation invitation, DateTimeOffset expiresAt, DateTimeOffset writtenAt) =>
        new(ExpiryBuckets.KeyOf(expiresAt), invitation.AccountId, invitation.Id, expiresAt, writtenAt, new ETag("W/\"1\""));

    [Fact]
    public void A_pending_invitation_whose_window_ended_is_expired()
    {
        var invitation = InvitationTestData.NewInvitation(Sent);

        Assert.Equal(ExpiryDecision.Expire, ExpiryDecisions.Decide(RowFor(invitation), invitation, AfterWindow));
    }

    [Fact]
    public void At_exactly_the_end_of_the_window_it_is_expired_and_a_tick_before_it_is_not_due()
    {
        var invitation = InvitationTestData.NewInvitation(Sent);

        Assert.Equal(ExpiryDecision.Expire, ExpiryDecisions.Decide(RowFor(invitation), invitation, invitation.ExpiresAt));
        Assert.Equal(ExpiryDecision.NotYetDue, ExpiryDecisions.Decide(RowFor(invitation), invitation, invitation.ExpiresAt.AddTicks(-1)));
    }

    [Fact]
    public void An_accepted_invitation_makes_its_row_stale()
    {
        var invitation = InvitationTestData.NewInvitation(Sent);
        invitation.Accept(InvitationTestData.Invitee, "ana@example.com", 1, Sent.AddDays(2));

        Assert.Equal(ExpiryDecision.Stale, ExpiryDecisions.Decide(RowFor(invitation), invitation, AfterWindow));
    }

    [Fact]
    public void A_revoked_invitation_makes_its_row_stale()
    {
        var invitation = InvitationTestData.NewInvitation(Sent);
        invitation.Revoke(InvitationTestData.Admin, Sent.AddDays(1));

        Assert.Equal(ExpiryDecision.Stale, ExpiryDecisions.Decide(RowFor(invitation), invitation, AfterWindow));
    }

    [Fact]
    public void An_invitation_already_marked_expired_makes_its_row_stale()
    {
        var invitation = InvitationTestData.NewInvitation(Sent);
        Assert.True(invitation.MarkExpired(AfterWindow));

        Assert.Equal(ExpiryDecision.Stale, ExpiryDecisions.Decide(RowFor(invitation), invitation, AfterWindow));
    }

    [Fact]
    public void The_row_of_the_old_window_is_stale_once_the_invitation_was_reissued()
    {
        var invitation = InvitationTestData.NewInvitation(Sent);
        var oldRow = RowFor(invitation);
        invitation.Reissue(InvitationTestData.Admin, Sent.AddDays(6), InvitationTestData.Lifetime, InvitationTestData.DailyEmails);

        Assert.Equal(ExpiryDecision.Stale, ExpiryDecisions.Decide(oldRow, invitation, AfterWindow));
        Assert.Equal(ExpiryDecision.NotYetDue, ExpiryDecisions.Decide(RowFor(invitation), invitation, AfterWindow));
        Assert.Equal(ExpiryDecision.Expire, ExpiryDecisions.Decide(RowFor(invitation), invitation, invitation.ExpiresAt));
    }

    [Fact]
    public void A_reissued_expired_invitation_is_expired_again_by_its_new_row()
    {
        var invitation = InvitationTestData.NewInvitation(Sent);
        invitation.MarkExpired(AfterWindow);
        invitation.Reissue(InvitationTestData.Admin, AfterWindow, InvitationTestData.Lifetime, InvitationTestData.DailyEmails);

        Assert.Equal(ExpiryDecision.Expire, ExpiryDecisions.Decide(RowFor(invitation), invitation, invitation.ExpiresAt.AddSeconds(1)));
    }

    [Fact]
    public void A_young_row_without_its_invitation_waits_for_the_write_and_an_old_one_is_stale()
    {
        var invitation = InvitationTestData.NewInvitation(Sent);
        var row = RowFor(invitation, writtenAt: AfterWindow - TimeSpan.FromMinutes(1));

        Assert.Equal(ExpiryDecision.Wait, ExpiryDecisions.Decide(row, invitation: null, AfterWindow));
        Assert.Equal(ExpiryDecision.Stale, ExpiryDecisions.Decide(row, invitation: null, AfterWindow + ExpiryDecisions.WriteGrace));
    }

    [Fact]
    public void A_row_ahead_of_its_invitation_waits_while_young_and_is_stale_when_the_reissue_never_landed()
    {
        // The repository wrote the row of a reissue, then the invitation write failed: the invitation keeps its old window.
        var invitation = InvitationTestData.NewInvitation(Sent);
        var newWindow = invitation.ExpiresAt + TimeSpan.FromHours(1);
        var young = RowAt(invitation, newWindow, writtenAt: newWindow - TimeSpan.FromMinutes(1));
        var old = RowAt(invitation, newWindow, writtenAt: newWindow - TimeSpan.FromDays(7));

        Assert.Equal(ExpiryDecision.Wait, ExpiryDecisions.Decide(young, invitation, newWindow));
        Assert.Equal(ExpiryDecision.Stale, ExpiryDecisions.Decide(old, invitation, newWindow));
    }

    [Fact]
    public void Windows_match_when_storage_kept_only_milliseconds()
    {
        var invitation = InvitationTestData.NewInvitation(Sent.AddTicks(1234567));
        var truncated = new DateTimeOffset(invitation.ExpiresAt.UtcTicks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

        Assert.Equal(ExpiryDecision.Expire, ExpiryDecisions.Decide(RowAt(invitation, truncated, Sent), invitation, AfterWindow));
    }
}
