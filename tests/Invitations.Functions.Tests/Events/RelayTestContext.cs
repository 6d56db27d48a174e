using System.Diagnostics.Metrics;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Invitations.Events;
using Invitations.Invitations;
using Invitations.Storage;
using Invitations.TestSupport;
using Invitations.TestSupport.EventGrid;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Invitations.Tests.Events;

/// <summary>
/// The outbox participant and the relay over Azurite (own table and queue), publishing with the real
/// <c>EventGridPublisherClient</c> to an <see cref="EventGridTestServer"/>. <see cref="CommitAsync"/> writes a change
/// the way the door does: the participant's nudge first, then one transaction with the invitation row and its rows.
/// </summary>
internal sealed class RelayTestContext : IAsyncDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private RelayTestContext(AzuriteFixture azurite, EventGridTestServer topic, int batchSize)
    {
        Topic = topic;
        var prefix = "ev" + Guid.NewGuid().ToString("N")[..12];
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(Requests, Azure.Core.HttpPipelinePosition.PerRetry);
        Table = new InvitationTable(new TableServiceClient(azurite.ConnectionString, tableOptions), Options.Create(new StorageOptions { TablePrefix = prefix }));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [EventQueues.QueueNameSetting] = "events-" + Guid.NewGuid().ToString("N")[..12] })
            .Build();
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.AddPolicy(Requests, Azure.Core.HttpPipelinePosition.PerRetry);
        Queues = new EventQueues(new QueueServiceClient(azurite.ConnectionString, queueOptions), configuration);
        Settings = new EventsOptions
        {
            TopicEndpoint = topic.Endpoint.ToString(),
            TopicKey = topic.Key,
            BatchSize = batchSize,
            RetryDelay = TimeSpan.FromMilliseconds(50),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        };
        Publisher = new SwitchablePublisher(new EventGridEventPublisher(EventsExtensions.CreateClient(Settings)));
        Store = new EventOutboxStore(Table, Time);
        Participant = new EventOutboxParticipant(Queues, Time);
        Relay = new EventOutboxRelay(Store, Publisher, Queues, Microsoft.Extensions.Options.Options.Create(Settings), Time, Telemetry, new EventsMetrics(_services.GetRequiredService<IMeterFactory>()), Logs);
        Pump = new NudgePump(Queues, Relay, Requests);
    }

    public static async Task<RelayTestContext> StartAsync(AzuriteFixture azurite, int batchSize = 50) =>
        new(azurite, await EventGridTestServer.StartAsync(), batchSize);

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Every storage request (table and queue) these clients send, retries included.</summary>
    public StorageRequestCounter Requests { get; } = new();
    public EventGridTestServer Topic { get; }
    public InvitationTable Table { get; }
    public EventQueues Queues { get; }
    public EventsOptions Settings { get; }
    public SwitchablePublisher Publisher { get; }
    public EventOutboxStore Store { get; }
    public EventOutboxParticipant Participant { get; }
    public EventOutboxRelay Relay { get; }
    public RecordingOperationsTelemetry Telemetry { get; } = new();
    public FakeLogger<EventOutboxRelay> Logs { get; } = new();
    public string AccountId { get; } = "acct-" + Guid.NewGuid().ToString("N")[..8];

    public Invitation NewInvitation(string email = "ana@example.com") =>
        Invitation.Create(
            new NewInvitation(AccountId, Guid.CreateVersion7(), EmailAddress.Parse(email), "Ana", "member", null, "en"),
            new Actor("admin-1", "Ada Admin"), Time.GetUtcNow(), TimeSpan.FromDays(7));

    /// <summary>The door's order: BeforeCommit (the nudge), then the one transaction. Returns the events it should publish.</summary>
    public async Task<IReadOnlyList<MappedEvent>> CommitAsync(InvitationChange change)
    {
        var rows = await Participant.PrepareAsync(change, CancellationToken.None);
        await Participant.BeforeCommitAsync(change, CancellationToken.None);
        var client = await Table.GetClientAsync(CancellationToken.None);
        var eventCount = change.Events.Count == 0 ? 0 : change.Events[^1].Sequence + 1;
        var invitationRow = InvitationRows.ToEntity(change.Invitation, eventCount);
        await client.SubmitTransactionAsync(
            [new TableTransactionAction(TableTransactionActionType.UpsertReplace, invitationRow), .. rows], CancellationToken.None);
        return InvitationEventMapping.Map(change);
    }

    /// <summary>The relay driven like its queue trigger, counting the relay's own storage requests.</summary>
    public NudgePump Pump { get; }

    public Task<EventRelayOutcome> RunNextAsync(TimeSpan? visibility = null, CancellationToken ct = default) => Pump.RunNextAsync(visibility, ct);

    public Task<int> QueuedNudgesAsync() => Pump.QueuedAsync();

    public async Task<List<TableEntity>> OutboxAndLeaseRowsAsync()
    {
        var client = await Table.GetClientAsync(CancellationToken.None);
        var rows = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {AccountId} and RowKey ge {"outbox"} and RowKey lt {"outboy"}");
        await foreach (var row in client.QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await Topic.DisposeAsync();
        await _services.DisposeAsync();
    }
}
