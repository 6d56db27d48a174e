using Invitations.Admin;
using Invitations.Email;
using Invitations.Invitations;
using Invitations.Limits;
using Invitations.Security;
using Invitations.Tests.Invitations;
using Invitations.Tests.Storage;
using Invitations.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Invitations.Tests.Admin;

/// <summary>
/// An admin action the rules refuse queues no email: the write path's email participant runs on a strict queue mock,
/// which has no setup left (so any call throws) once the invitation is stored.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class RefusedActionsSendNothingTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly CallerIdentity Admin = new("admin-1", "Ada Admin", ["ada@admin.example"],
        new HashSet<string> { "Invitations.Admin" }, new HashSet<string>());

    private readonly Mock<IEmailJobQueue> _queue = new(MockBehavior.Strict);
    private readonly RepositoryTestContext _ctx;

    public RefusedActionsSendNothingTests(AzuriteFixture azurite)
    {
        _ctx = new RepositoryTestContext(azurite, new EmailJobParticipant(_queue.Object));
    }

    private InvitationAdminService Service() => new(
        _ctx.Store,
        _ctx.Writer,
        InvitationTestData.Tokens(),
        Options.Create(new InvitationOptions { Roles = "member", PortalBaseUrl = new Uri("https://portal.example") }),
        Options.Create(new LimitsOptions()),
        _ctx.Time,
        NullLogger<InvitationAdminService>.Instance);

    private void AllowEmails() =>
        _queue.Setup(q => q.EnqueueAsync(It.IsAny<EmailJob>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new EmailJobReceipt("m", "p"));

    private async Task<Guid> StoredInvitationAsync()
    {
        AllowEmails();
        var invitation = _ctx.NewInvitation();
        await _ctx.CreateAsync(invitation);
        return invitation.Id;
    }

    [Fact]
    public async Task Resend_and_send_new_of_a_revoked_invitation_queue_no_email()
    {
        var id = await StoredInvitationAsync();
        var service = Service();
        await service.RevokeAsync(_ctx.AccountId, id, Admin, Ct);
        _queue.Reset();

        var resend = await Assert.ThrowsAsync<InvitationRuleException>(() => service.ResendAsync(_ctx.AccountId, id, Admin, null, Ct));
        var reissue = await Assert.ThrowsAsync<InvitationRuleException>(() => service.ReissueAsync(_ctx.AccountId, id, Admin, null, Ct));

        Assert.Equal((InvitationErrorCodes.Revoked, InvitationErrorCodes.Revoked), (resend.Code, reissue.Code));
        _queue.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_resend_past_the_limit_queues_no_email_beyond_the_allowed_ones()
    {
        var id = await StoredInvitationAsync();
        var service = Service();
        var allowedResends = new LimitsOptions().EmailsPerInvitationPerDay - 1; // the first email counts
        for (var i = 0; i < allowedResends; i++)
        {
            await service.ResendAsync(_ctx.AccountId, id, Admin, null, Ct);
        }

        _queue.Verify(q => q.EnqueueAsync(It.Is<EmailJob>(j => j.Kind == EmailJobKinds.Resend), TimeSpan.Zero, It.IsAny<CancellationToken>()), Times.Exactly(allowedResends));
        _queue.Reset();

        var refused = await Assert.ThrowsAsync<InvitationRuleException>(() => service.ResendAsync(_ctx.AccountId, id, Admin, null, Ct));

        Assert.Equal(InvitationErrorCodes.InvitationEmailLimitReached, refused.Code);
        _queue.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task An_unknown_invitation_queues_no_email()
    {
        var service = Service();

        await Assert.ThrowsAsync<InvitationNotFoundException>(() => service.ResendAsync(_ctx.AccountId, Guid.NewGuid(), Admin, null, Ct));
        await Assert.ThrowsAsync<InvitationNotFoundException>(() => service.ReissueAsync(_ctx.AccountId, Guid.NewGuid(), Admin, null, Ct));

        _queue.VerifyNoOtherCalls();
    }
}
