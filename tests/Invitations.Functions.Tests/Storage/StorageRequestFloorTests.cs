using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using Invitations.Acceptance;
using Invitations.Admin;
using Invitations.Email;
using Invitations.Expiry;
using Invitations.Security;
using Invitations.Tests.Api;
using Invitations.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Invitations.Tests.Storage;

/// <summary>
/// Storage requests per action through the real services (the app's registrations over Azurite), counted by a pipeline
/// policy on the app's table and queue clients, against the floor issue 9 sets. A design that adds a round trip fails here.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class StorageRequestFloorTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly RequestCounter _counter = new();
    private readonly string _mailDirectory = Directory.CreateTempSubdirectory("floor-mail").FullName;
    private ServiceProvider? _services;

    [Fact]
    public async Task Each_action_stays_at_the_storage_floor()
    {
        var services = Build();
        var admin = services.GetRequiredService<InvitationAdminService>();
        var caller = new CallerIdentity("admin-1", "Ada", ["ada@admin.example"], new HashSet<string> { "Invitations.Admin" }, new HashSet<string> { "acct-a" });
        var queue = services.GetRequiredService<EmailQueues>().Main;

        // Warm up: tables and queues are created once per process, not per action.
        var warm = await admin.CreateAsync("acct-a", caller, new CreateInvitationRequest("warm@example.com"), null, Ct);
        var warmId = warm.Body.GetProperty("id").GetGuid();
        await DrainOneEmailAsync(services, queue);
        await admin.CopyLinkAsync("acct-a", warmId, caller, Ct);

        var create = await Count(() => admin.CreateAsync("acct-a", caller, new CreateInvitationRequest("ana@example.com"), null, Ct));
        var id = create.Result.Body.GetProperty("id").GetGuid();
        var email = await Count(() => DrainOneEmailAsync(services, queue));
        var copy = await Count(() => admin.CopyLinkAsync("acct-a", id, caller, Ct));
        var resend = await Count(() => admin.ResendAsync("acct-a", id, caller, null, Ct));

        // Lifecycle events add exactly one request to a change that publishes one (the relay's nudge), none to a copy.
        var nudges = services.GetRequiredService<global::Invitations.Events.EventQueues>().Main.Name;
        Assert.Equal((1, 1, 0, 1), (Nudges(create.Log, nudges), Nudges(email.Log, nudges), Nudges(copy.Log, nudges), Nudges(resend.Log, nudges)));
        Assert.True(create.Requests <= 3 + 1, $"create took {create.Requests} requests: {create.Log}");
        Assert.True(email.Requests <= 5 + 1, $"one email took {email.Requests} requests (queue receive not counted): {email.Log}");
        Assert.True(copy.Requests <= 2, $"copy link took {copy.Requests} requests: {copy.Log}");
        Assert.True(resend.Requests <= 3 + 1, $"resend took {resend.Requests} requests: {resend.Log}");
    }

    [Fact]
    public async Task Expiring_an_invitation_stays_at_the_storage_floor()
    {
        var services = Build();
        var admin = services.GetRequiredService<InvitationAdminService>();
        var caller = new CallerIdentity("admin-1", "Ada", ["ada@admin.example"], new HashSet<string> { "Invitations.Admin" }, new HashSet<string> { "acct-a" });
        var time = (FakeTimeProvider)services.GetRequiredService<TimeProvider>();
        var sweeper = services.GetRequiredService<ExpirySweeper>();
        for (var i = 0; i < 20; i++)
        {
            await admin.CreateAsync("acct-a", caller, new CreateInvitationRequest($"user{i}@example.com"), null, Ct);
        }

        time.Advance(TimeSpan.FromDays(8));
        await sweeper.RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Manual, DryRun: true), Ct); // warm up: run tables
        var sweep = await Count(() => sweeper.RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Manual), Ct));

        Assert.Equal(20, sweep.Result.Run.Expired);
        // Lifecycle events: one nudge per expired invitation, on top of the floor.
        Assert.Equal(20, Nudges(sweep.Log, services.GetRequiredService<global::Invitations.Events.EventQueues>().Main.Name));
        // Run bookkeeping (lock, record, checkpoint, retention) is per run, not per invitation: leave 8 requests for it.
        var perInvitation = (sweep.Requests - 8) / 20.0;
        Assert.True(perInvitation <= 2.5 + 1, $"expiry took {perInvitation:0.00} requests per invitation ({sweep.Requests} in all): {sweep.Log}");
    }

    [Fact]
    public async Task Accepting_takes_one_read_and_one_transaction()
    {
        var services = Build();
        var admin = services.GetRequiredService<InvitationAdminService>();
        var invitee = services.GetRequiredService<InviteeService>();
        var caller = new CallerIdentity("admin-1", "Ada", ["ada@admin.example"], new HashSet<string> { "Invitations.Admin" }, new HashSet<string> { "acct-a" });
        var created = await admin.CreateAsync("acct-a", caller, new CreateInvitationRequest("bo@example.com"), null, Ct);
        var link = await admin.CopyLinkAsync("acct-a", created.Body.GetProperty("id").GetGuid(), caller, Ct);
        var token = new Uri(link.Url).Query.Split("token=")[1];
        var user = new CallerIdentity("user-1", "Bo", ["bo@example.com"], new HashSet<string>(), new HashSet<string>());

        var accept = await Count(() => invitee.AcceptAsync(user, new AcceptInvitationRequest(Uri.UnescapeDataString(token)), Ct));

        Assert.Equal(global::Invitations.Invitations.InvitationStatus.Accepted, accept.Result.Status);
        Assert.Equal(1, Nudges(accept.Log, services.GetRequiredService<global::Invitations.Events.EventQueues>().Main.Name)); // lifecycle events
        Assert.True(accept.Requests <= 2 + 1, $"accept took {accept.Requests} requests: {accept.Log}");
    }

    public void Dispose()
    {
        _services?.Dispose();
        Directory.Delete(_mailDirectory, recursive: true);
    }

    private ServiceProvider Build()
    {
        using var settings = new ApiHarness(azurite, new Dictionary<string, string?> { ["LocalData:Directory"] = _mailDirectory });

        // The app's own clients, through the storage seam: a counting policy on each request that reaches storage (retries included).
        _services = settings.BuildCountedServices(_counter, new FakeTimeProvider(DateTimeOffset.UtcNow));
        return _services;
    }

    /// <summary>What the queue trigger does for one message: receive (not counted), dispatch, delete.</summary>
    private async Task DrainOneEmailAsync(IServiceProvider services, QueueClient queue)
    {
        var message = (await _counter.PausedAsync(() => queue.ReceiveMessageAsync(cancellationToken: Ct))).Value
                      ?? throw new InvalidOperationException("No email job on the queue.");
        Assert.True(EmailJob.TryParse(message.Body.ToString(), out var job, out var error), error);
        var result = await services.GetRequiredService<InvitationEmailDispatcher>().DispatchAsync(job, message.DequeueCount, message.InsertedOn, Ct);
        Assert.Equal(EmailDispatchResult.Sent, result);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, Ct);
    }

    private async Task<(T Result, int Requests, string Log)> Count<T>(Func<Task<T>> action)
    {
        _counter.Reset();
        var result = await action();
        return (result, _counter.Count, _counter.Log);
    }

    private async Task<(bool Result, int Requests, string Log)> Count(Func<Task> action)
    {
        _counter.Reset();
        await action();
        return (true, _counter.Count, _counter.Log);
    }

    /// <summary>Messages put on the lifecycle events' nudge queue (the one request events add to a change).</summary>
    private static int Nudges(string log, string queue) =>
        log.Split("; ").Count(r => r.StartsWith("POST ", StringComparison.Ordinal) && r.EndsWith($"/{queue}/messages", StringComparison.Ordinal));

    /// <summary>Counts requests (method and path) while not paused.</summary>
    private sealed class RequestCounter : HttpPipelineSynchronousPolicy
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _seen = new();
        private volatile bool _paused;

        public int Count => _seen.Count;

        public string Log => string.Join("; ", _seen);

        public void Reset() => _seen.Clear();

        public async Task<T> PausedAsync<T>(Func<Task<T>> action)
        {
            _paused = true;
            try
            {
                return await action();
            }
            finally
            {
                _paused = false;
            }
        }

        public override void OnSendingRequest(HttpMessage message)
        {
            if (!_paused)
            {
                _seen.Enqueue($"{message.Request.Method} {message.Request.Uri.Path}");
            }
        }
    }
}
