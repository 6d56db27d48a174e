using Invitations.Admin;
using Invitations.Email;
using Invitations.Invitations;
using Invitations.Security;
using Invitations.Tests.Invitations;
using Invitations.Tests.Storage;
using Invitations.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Invitations.Tests.Admin;

/// <summary>An admin action the rules refuse queues no email: the queue is a mock that must never be called.</summary>
[Collection(AzuriteTests.Name)]
public sealed class RefusedActionsSendNothingTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly CallerIdentity Admin = new("admin-1", "Ada Admin", "ada@admin.example",
        new HashSet<string> { "Invitations.Admin" }, new HashSet<string>());

    private readonly RepositoryTestContext _ctx = new(azurite);
    private readonly Mock<IEmailJobQueue> _queue = new(MockBehavior.Strict);

    private InvitationAdminService Service() => new(
        _ctx.Repository,
        _queue.Object,
        InvitationTestData.Tokens(),
        Options.Create(new InvitationOptions { Roles = "member", PortalBaseUrl = new Uri("https://portal.example") }),
        _ctx.Time,
        NullLogger<InvitationAdminService>.Instance);

    private async Task<Guid> StoredInvitationAsync()
    {
        var invitation = _ctx.NewInvitation();
        await _ctx.Repository.CreateAsync(invitation, null, Ct);
        return invitation.Id;
    }

    [Fact]
    public async Task Resend_and_send_new_of_a_revoked_invitation_queue_no_email()
    {
        var id = await StoredInvitationAsync();
        var service = Service();
        await service.RevokeAsync(_ctx.AccountId, id, Admin, Ct);

        var resend = await Assert.ThrowsAsync<InvitationRuleException>(() => service.ResendAsync(_ctx.AccountId, id, Admin, Ct));
        var reissue = await Assert.ThrowsAsync<InvitationRuleException>(() => service.ReissueAsync(_ctx.AccountId, id, Admin, Ct));

        Assert.Equal((InvitationErrorCodes.Revoked, InvitationErrorCodes.Revoked), (resend.Code, reissue.Code));
        _queue.Verify(q => q.EnqueueAsync(It.IsAny<EmailJob>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_resend_past_the_limit_queues_no_email_beyond_the_allowed_ones()
    {
        var id = await StoredInvitationAsync();
        _queue.Setup(q => q.EnqueueAsync(It.IsAny<EmailJob>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        var service = Service();
        var limit = new InvitationOptions().ResendLimit;
        for (var i = 0; i < limit; i++)
        {
            await service.ResendAsync(_ctx.AccountId, id, Admin, Ct);
        }

        var refused = await Assert.ThrowsAsync<InvitationRuleException>(() => service.ResendAsync(_ctx.AccountId, id, Admin, Ct));

        Assert.Equal(InvitationErrorCodes.ResendLimitReached, refused.Code);
        _queue.Verify(q => q.EnqueueAsync(It.Is<EmailJob>(j => j.Kind == EmailJobKinds.Resend), It.IsAny<CancellationToken>()), Times.Exactly(limit));
    }

    [Fact]
    public async Task An_unknown_invitation_queues_no_email()
    {
        var service = Service();

        await Assert.ThrowsAsync<InvitationNotFoundException>(() => service.ResendAsync(_ctx.AccountId, Guid.NewGuid(), Admin, Ct));
        await Assert.ThrowsAsync<InvitationNotFoundException>(() => service.ReissueAsync(_ctx.AccountId, Guid.NewGuid(), Admin, Ct));

        _queue.Verify(q => q.EnqueueAsync(It.IsAny<EmailJob>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
