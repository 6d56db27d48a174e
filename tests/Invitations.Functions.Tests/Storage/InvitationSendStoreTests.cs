using Invitations.Accounts;
using Invitations.Invitations;
using Invitations.Storage;
using Invitations.TestSupport;
using Invitations.Tests.Invitations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Invitations.Tests.Storage;

[Collection(AzuriteTests.Name)]
public sealed class InvitationSendStoreTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly RepositoryTestContext _ctx = new(azurite);

    private InvitationSendStore Store() => new(
        _ctx.Repository,
        InvitationTestData.Tokens(),
        new ConfigurationAccountDirectory(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"Accounts:{_ctx.AccountId}:Name"] = "Contoso" }).Build()),
        Options.Create(new InvitationOptions { PortalBaseUrl = new Uri("https://portal.example") }),
        _ctx.Time);

    [Fact]
    public async Task A_job_is_current_stale_or_not_yet_stored_relative_to_the_invitation()
    {
        var stored = await _ctx.Repository.CreateAsync(_ctx.NewInvitation(), null, Ct);
        var id = stored.Value.Id;
        stored.Value.Resend(InvitationTestData.Admin, _ctx.Time.GetUtcNow(), InvitationTestData.DailyEmails);
        await _ctx.Repository.UpdateAsync(stored, Ct);

        var current = await Store().LoadAsync(_ctx.AccountId, id, 1, 2, Ct);
        Assert.Equal(SendState.Current, current!.State);
        Assert.Equal("Contoso", current.Account.Name);
        Assert.StartsWith("https://portal.example/invitations/accept?token=", current.Link.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(SendState.Stale, (await Store().LoadAsync(_ctx.AccountId, id, 1, 1, Ct))!.State);
        Assert.Equal(SendState.NotYetStored, (await Store().LoadAsync(_ctx.AccountId, id, 1, 3, Ct))!.State);
        Assert.Equal(SendState.NotYetStored, (await Store().LoadAsync(_ctx.AccountId, id, 2, 1, Ct))!.State);
        Assert.Null(await Store().LoadAsync(_ctx.AccountId, Guid.NewGuid(), 1, 1, Ct));

        _ctx.Time.Advance(TimeSpan.FromDays(7));
        Assert.Equal(SendState.Stale, (await Store().LoadAsync(_ctx.AccountId, id, 1, 2, Ct))!.State);
    }

    [Fact]
    public async Task Delivery_updates_are_recorded_and_stale_ones_ignored()
    {
        var stored = await _ctx.Repository.CreateAsync(_ctx.NewInvitation(), null, Ct);
        var id = stored.Value.Id;
        var at = _ctx.Time.GetUtcNow();

        Assert.True(await Store().RecordDeliveryAsync(_ctx.AccountId, id, new EmailDelivery(EmailDeliveryStatus.Sent, at, 1, 1, 1, "op-1"), Ct));
        Assert.True(await Store().RecordDeliveryAsync(_ctx.AccountId, id, new EmailDelivery(EmailDeliveryStatus.Delivered, at.AddMinutes(1), 1, 1, 1, "op-1", "msg-1"), Ct));
        Assert.True(await Store().RecordDeliveryAsync(_ctx.AccountId, id, new EmailDelivery(EmailDeliveryStatus.Failed, at, 0, 0), Ct));
        Assert.False(await Store().RecordDeliveryAsync(_ctx.AccountId, Guid.NewGuid(), new EmailDelivery(EmailDeliveryStatus.Sent, at, 1, 1), Ct));

        var read = await _ctx.Repository.GetAsync(_ctx.AccountId, id, Ct);
        Assert.Equal((EmailDeliveryStatus.Delivered, "msg-1"), (read!.Value.Delivery!.Status, read.Value.Delivery.MessageId));
        var history = await _ctx.Repository.GetHistoryAsync(_ctx.AccountId, id, Ct);
        Assert.Equal([InvitationEventKind.Created, InvitationEventKind.EmailQueued, InvitationEventKind.EmailSent, InvitationEventKind.EmailDelivered], history.Select(e => e.Kind));
    }
}
