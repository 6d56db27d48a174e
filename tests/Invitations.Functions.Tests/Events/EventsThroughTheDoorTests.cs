using Invitations.Acceptance;
using Invitations.Admin;
using Invitations.Events;
using Invitations.Expiry;
using Invitations.Security;
using Invitations.Tests.Api;
using Invitations.TestSupport;
using Invitations.TestSupport.EventGrid;
using Microsoft.Extensions.DependencyInjection;

namespace Invitations.Tests.Events;

/// <summary>
/// The app's own services (the door with every participant) over Azurite, the relay driven like its queue trigger,
/// the real Event Grid client publishing to the test topic.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class EventsThroughTheDoorTests(AzuriteFixture azurite) : IAsyncLifetime, IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly CallerIdentity Admin = new("admin-1", "Ada", ["ada@admin.example"], new HashSet<string> { "Invitations.Admin" }, new HashSet<string> { "acct-a" });
    private readonly string _mail = Directory.CreateTempSubdirectory("door-events-mail").FullName;
    private EventGridTestServer _topic = null!;
    private ApiHarness _api = null!;
    private NudgePump _pump = null!;

    public async Task InitializeAsync()
    {
        _topic = await EventGridTestServer.StartAsync();
        _api = new ApiHarness(azurite, new Dictionary<string, string?>
        {
            ["Events:TopicEndpoint"] = _topic.Endpoint.ToString(),
            ["Events:TopicKey"] = _topic.Key,
            ["Events:RetryDelay"] = "00:00:00.050",
            ["Events:MaxRetryDelay"] = "00:00:00.200",
            ["LocalData:Directory"] = _mail,
        });
        _pump = new NudgePump(_api.Services.GetRequiredService<EventQueues>(), _api.Services.GetRequiredService<EventOutboxRelay>());
    }

    public async Task DisposeAsync() => await _topic.DisposeAsync();

    public void Dispose()
    {
        _api?.Dispose();
        Directory.Delete(_mail, recursive: true);
    }

    private InvitationAdminService AdminService => _api.Services.GetRequiredService<InvitationAdminService>();

    private async Task<Guid> CreateAsync(string email) =>
        (await AdminService.CreateAsync("acct-a", Admin, new CreateInvitationRequest(email), null, Ct)).Body.GetProperty("id").GetGuid();

    private List<string> TypesOf(Guid id) =>
        [.. _topic.Events.Where(e => e.Subject == $"invitations/{id:D}").DistinctBy(e => e.Id).Select(e => e.Type)];

    [Fact]
    public async Task Every_change_through_the_door_publishes_exactly_one_event_id_in_order_per_invitation()
    {
        var accepted = await CreateAsync("ana@example.com");
        await AdminService.ResendAsync("acct-a", accepted, Admin, null, Ct);
        await AdminService.ReissueAsync("acct-a", accepted, Admin, null, Ct);
        var link = await AdminService.CopyLinkAsync("acct-a", accepted, Admin, Ct); // not a change: no event
        var token = Uri.UnescapeDataString(new Uri(link.Url).Query.Split("token=")[1]);
        var ana = new CallerIdentity("user-ana", "Ana", ["ana@example.com"], new HashSet<string>(), new HashSet<string>());
        await _api.Services.GetRequiredService<InviteeService>().AcceptAsync(ana, new AcceptInvitationRequest(token), Ct);
        await _api.Services.GetRequiredService<InviteeService>().AcceptAsync(ana, new AcceptInvitationRequest(token), Ct); // no change
        var revoked = await CreateAsync("bo@example.com");
        await AdminService.RevokeAsync("acct-a", revoked, Admin, Ct);
        await AdminService.RevokeAsync("acct-a", revoked, Admin, Ct); // no change
        var expired = await CreateAsync("cy@example.com");
        _api.Time.Advance(TimeSpan.FromDays(8));
        var run = await _api.Services.GetRequiredService<ExpirySweeper>().RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Manual), Ct);
        Assert.Equal(1, run.Run.Expired);

        await _pump.DrainAsync();

        Assert.Equal([InvitationEventTypes.Created, InvitationEventTypes.Resent, InvitationEventTypes.Reissued, InvitationEventTypes.Accepted], TypesOf(accepted));
        Assert.Equal([InvitationEventTypes.Created, InvitationEventTypes.Revoked], TypesOf(revoked));
        Assert.Equal([InvitationEventTypes.Created, InvitationEventTypes.Expired], TypesOf(expired));
        Assert.Equal(8, _topic.Events.Count); // 8 changes, each published once
        Assert.Equal(8, _topic.Events.Select(e => e.Id).Distinct().Count());
        foreach (var group in _topic.Events.GroupBy(e => e.Subject))
        {
            var sequences = group.Select(e => e.Data.GetProperty("sequence").GetInt64()).ToList();
            Assert.Equal(sequences.Order(), sequences);
            Assert.All(group, e => Assert.Equal(InvitationEventMapping.IdOf(e.Data.GetProperty("invitationId").GetGuid(), e.Data.GetProperty("sequence").GetInt64()), e.Id));
        }

        Assert.All(_topic.Events, e => Assert.DoesNotContain(token, e.Raw, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_crash_after_the_doors_commit_and_a_refused_publish_still_deliver_every_event_once_per_id()
    {
        var id = await CreateAsync("ana@example.com");
        await AdminService.RevokeAsync("acct-a", id, Admin, Ct);

        // The relay's host dies right after it received the first nudge: nothing published, the message comes back.
        var queue = _api.Services.GetRequiredService<EventQueues>().Main;
        await Task.Delay(EventOutboxParticipant.NudgeDelay + TimeSpan.FromMilliseconds(200));
        Assert.NotNull((await queue.ReceiveMessageAsync(TimeSpan.FromSeconds(1), Ct)).Value);

        // The topic then refuses the next batch (all the client's own attempts): retried after a backoff.
        _topic.FailNext(3);
        Assert.Equal(EventRelayOutcome.Failed, await _pump.RunNextAsync());
        Assert.Empty(_topic.Events);

        await _pump.DrainAsync();

        Assert.Equal([InvitationEventTypes.Created, InvitationEventTypes.Revoked], TypesOf(id));
        Assert.Equal(2, _topic.Events.Select(e => e.Id).Distinct().Count());
    }
}
