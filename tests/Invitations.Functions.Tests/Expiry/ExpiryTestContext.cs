using Azure.Data.Tables;
using Invitations.Expiry;
using Invitations.Hosting.Telemetry;
using Invitations.Invitations;
using Invitations.Storage;
using Invitations.Tests.Invitations;
using Invitations.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using System.Diagnostics.Metrics;

namespace Invitations.Tests.Expiry;

/// <summary>
/// The real store, write path, index, run store and sweeper over Azurite, in tables of their own (a fresh prefix),
/// with a fake clock. A sweeper can be given an <see cref="InterferingParticipant"/> that acts between its read and its write.
/// </summary>
internal sealed class ExpiryTestContext : IDisposable
{
    private readonly ServiceProvider _services;

    public ExpiryTestContext(AzuriteFixture azurite, ExpiryOptions? options = null)
    {
        Time = new FakeTimeProvider(InvitationTestData.Start);
        Prefix = "x" + Guid.NewGuid().ToString("N")[..12];
        Service = new TableServiceClient(azurite.ConnectionString);
        var storage = Options.Create(new StorageOptions { TablePrefix = Prefix });
        InvitationTable = new InvitationTable(Service, storage);
        Tables = new ExpiryTables(Service, storage);
        Index = new ExpiryIndex(Tables);
        Store = new InvitationStore(InvitationTable, Time);
        Writer = WriterWith();
        Runs = new ExpiryRunStore(Tables);
        Options_ = options ?? new ExpiryOptions { MaxItemsPerRun = 5000, MaxRunDuration = TimeSpan.FromMinutes(2), RunRetentionDays = 30 };
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        MeterFactory = _services.GetRequiredService<IMeterFactory>();
        Metrics = new ExpiryMetrics(MeterFactory);
    }

    public FakeTimeProvider Time { get; }
    public string Prefix { get; }
    public TableServiceClient Service { get; }
    public InvitationTable InvitationTable { get; }
    public ExpiryTables Tables { get; }
    public ExpiryIndex Index { get; }
    public InvitationStore Store { get; }

    /// <summary>The write path as the app wires it for expiry: the index participant records every new window.</summary>
    public InvitationWriter Writer { get; }
    public ExpiryRunStore Runs { get; }
    public ExpiryOptions Options_ { get; }
    public IMeterFactory MeterFactory { get; }
    public ExpiryMetrics Metrics { get; }
    public FakeLogger<ExpirySweeper> Logger { get; } = new();

    /// <summary>Records the operations events the sweeper sends.</summary>
    public RecordingOperationsTelemetry Operations { get; } = new();

    public ExpirySweeper Sweeper(InterferingParticipant? interfering = null, ExpiryOptions? options = null) =>
        new(Index, Runs, Store, interfering is null ? Writer : WriterWith(interfering), Metrics, Operations,
            Options.Create(options ?? Options_), Time, Logger);

    /// <summary>A write path with the index participant plus <paramref name="more"/> (delays of retries stay at zero: the clock is fake).</summary>
    public InvitationWriter WriterWith(params IInvitationWriteParticipant[] more) =>
        new(InvitationTable, Store, [new ExpiryIndexParticipant(Index), .. more], new InvitationWriteRetry(6, TimeSpan.Zero), Time, NullLogger<InvitationWriter>.Instance);

    /// <summary>Changes an invitation through the write path, as the API would.</summary>
    public async Task<Stored<Invitation>> ChangeAsync(Invitation invitation, Action<Invitation, DateTimeOffset> apply) =>
        (await Writer.ChangeAsync(invitation.AccountId, invitation.Id, apply, null, CancellationToken.None)).Stored!;

    public MetricCollector<long> Collect(string instrument) => new(MeterFactory, ExpiryMetrics.MeterName, instrument);

    public static string Email(string accountId, int i) => $"user{i}.{accountId}@example.com";

    /// <summary>Creates an invitation through the write path (index row first, then the invitation).</summary>
    public async Task<Invitation> CreateAsync(string accountId, int i, DateTimeOffset sentAt, CancellationToken ct = default)
    {
        var invitation = Invitation.Create(
            new NewInvitation(accountId, Guid.NewGuid(), EmailAddress.Parse(Email(accountId, i)), null, "member", null, null),
            InvitationTestData.Admin,
            sentAt,
            InvitationTestData.Lifetime);
        await Writer.CreateAsync(invitation, idempotency: null, ct);
        return invitation;
    }

    public async Task<Stored<Invitation>> ReadAsync(Invitation invitation) =>
        await Store.GetAsync(invitation.AccountId, invitation.Id, CancellationToken.None)
        ?? throw new InvalidOperationException("The invitation is gone.");

    public async Task<int> CountEventsAsync(Invitation invitation, InvitationEventKind kind) =>
        (await Store.GetHistoryAsync(invitation.AccountId, invitation.Id, InvitationStore.MaxPageSize, null, CancellationToken.None)).Items.Count(e => e.Kind == kind);

    public async Task<List<TableEntity>> IndexRowsAsync()
    {
        await Tables.EnsureCreatedAsync(CancellationToken.None);
        var rows = new List<TableEntity>();
        await foreach (var row in Tables.Index.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Every row of every table this context owns, as (table, PK, RK, ETag), for before/after comparisons.</summary>
    public async Task<List<string>> SnapshotAsync()
    {
        await Tables.EnsureCreatedAsync(CancellationToken.None);
        var snapshot = new List<string>();
        foreach (var client in new[] { await InvitationTable.GetClientAsync(CancellationToken.None), Tables.Index, Tables.Runs })
        {
            await foreach (var row in client.QueryAsync<TableEntity>())
            {
                snapshot.Add($"{client.Name}/{row.PartitionKey}/{row.RowKey}/{row.ETag}");
            }
        }

        snapshot.Sort(StringComparer.Ordinal);
        return snapshot;
    }

    public void Dispose() => _services.Dispose();
}
