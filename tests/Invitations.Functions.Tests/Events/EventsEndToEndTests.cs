using System.Net;
using Invitations.Events;
using Invitations.Security;
using Invitations.TestSupport;
using Invitations.TestSupport.EventGrid;
using Microsoft.Extensions.Logging;

namespace Invitations.Tests.Events;

/// <summary>
/// The end-to-end check: the built app on the local host (real HTTP, queue trigger, timer), publishing with
/// the Event Grid client to the test topic. Create, resend, send new, accept, revoke and an expiry by the timer each
/// arrive, once per id, in order per invitation.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class EventsEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(20);
    private EventGridTestServer _topic = null!;
    private AppOnLocalHost _app = null!;

    public async Task InitializeAsync()
    {
        _topic = await EventGridTestServer.StartAsync();
        var options = AppOnLocalHost.Options(azurite, "events");
        options.Settings["Invitations__Lifetime"] = Lifetime.ToString();
        options.Settings["ExpirySweepSchedule"] = "* * * * * *";
        options.Settings["Events__TopicEndpoint"] = _topic.Endpoint.ToString();
        options.Settings["Events__TopicKey"] = _topic.Key;
        options.Settings["Events__RetryDelay"] = "00:00:00.200";
        _app = await AppOnLocalHost.StartAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _topic.DisposeAsync();
    }

    private static readonly string[] Lifecycle =
    [
        InvitationEventTypes.Created, InvitationEventTypes.Resent, InvitationEventTypes.Reissued,
        InvitationEventTypes.Accepted, InvitationEventTypes.Revoked, InvitationEventTypes.Expired,
    ];

    private List<string> TypesOf(string invitationId) =>
        [.. _topic.Events.Where(e => e.Subject == $"invitations/{invitationId}" && Lifecycle.Contains(e.Type))
            .DistinctBy(e => e.Id).Select(e => e.Type)];

    [Fact]
    public async Task Every_admin_action_accept_and_the_timers_expiry_arrive_at_the_topic()
    {
        var admin = DevelopmentTokens.MintDemoAdmin(_app.Configuration);
        var invitee = DevelopmentTokens.Mint(_app.Configuration, new DevelopmentTokenRequest { UserId = "ana", Name = "Ana", Email = "ana@example.com" });
        const string invitations = "accounts/demo/invitations";

        async Task<string> CreateAsync(string email)
        {
            var (status, created, _) = await _app.CallAsync(HttpMethod.Post, invitations, admin, new { email });
            Assert.Equal(HttpStatusCode.Created, status);
            return created.GetProperty("id").GetString()!;
        }

        var expiring = await CreateAsync("late@example.com");
        var accepted = await CreateAsync("ana@example.com");
        Assert.Equal(HttpStatusCode.Accepted, (await _app.CallAsync(HttpMethod.Post, $"{invitations}/{accepted}/resend", admin)).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await _app.CallAsync(HttpMethod.Post, $"{invitations}/{accepted}/reissue", admin)).Status);
        var (_, link, _) = await _app.CallAsync(HttpMethod.Get, $"{invitations}/{accepted}/link", admin);
        var token = Uri.UnescapeDataString(link.GetProperty("url").GetString()!.Split("token=")[1]);
        Assert.Equal(HttpStatusCode.OK, (await _app.CallAsync(HttpMethod.Post, "invitations/accept", invitee, new { token })).Status);
        var revoked = await CreateAsync("bo@example.com");
        Assert.Equal(HttpStatusCode.OK, (await _app.CallAsync(HttpMethod.Post, $"{invitations}/{revoked}/revoke", admin)).Status);

        Assert.True(
            await _topic.WaitForAsync(_ => TypesOf(expiring).Contains(InvitationEventTypes.Expired) && TypesOf(revoked).Count == 2 && TypesOf(accepted).Count == 4, TimeSpan.FromSeconds(90)),
            "Events so far: " + string.Join(", ", _topic.Events.Select(e => $"{e.Subject} {e.Type}")));

        Assert.Equal([InvitationEventTypes.Created, InvitationEventTypes.Resent, InvitationEventTypes.Reissued, InvitationEventTypes.Accepted], TypesOf(accepted));
        Assert.Equal([InvitationEventTypes.Created, InvitationEventTypes.Revoked], TypesOf(revoked));
        Assert.Equal([InvitationEventTypes.Created, InvitationEventTypes.Expired], TypesOf(expiring));
        Assert.Contains(_topic.Events, e => e.Type == InvitationEventTypes.EmailSent); // the email sender's changes too
        Assert.All(_topic.Requests, r => Assert.True(r.KeyValid));

        // Once per change: an id never stands for two different events, and no event carries the link token.
        Assert.All(_topic.Events.GroupBy(e => e.Id), same => Assert.Single(same.Select(e => e.Raw).Distinct()));
        Assert.All(_topic.Events, e => Assert.DoesNotContain(token, e.Raw, StringComparison.Ordinal));
    }
}
