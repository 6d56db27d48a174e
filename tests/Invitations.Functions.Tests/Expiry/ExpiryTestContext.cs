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
/// The real repository, index, run store and sweeper over Azurite, in tables of their own (a fresh prefix),
/// with a fake clock. <see cref="Invitations"/> can be wrapped to interfere between the sweep's read and write.
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
        Repository = new InvitationRepository(InvitationTable, Index, Time, NullLogger<InvitationRepository>.Instance);
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
    public InvitationRepository Repository { get; }
    public ExpiryRunStore Runs { get; }
    public ExpiryOptions Options_ { get; }
    public IMeterFactory MeterFactory { get; }
    public ExpiryMetrics Metrics { get; }
    public FakeLogger<ExpirySweeper> Logger { get; } = new();

    /// <summary>Records the operations events the sweeper sends.</summary>
    public RecordingOperationsTelemetry Operations { get; } = new();

    public ExpirySweeper Sweeper(IExpiryInvitations? invitations = null, ExpiryOptions? options = null) =>
        new(Index, Runs, invitations ?? new RepositoryExpiryInvitations(Repository, InvitationTable), Metrics, Operations,
            Options.Create(options ?? Options_), Time, Logger);

    public MetricCollector<long> Collect(string instrument) => new(MeterFactory, ExpiryMetrics.MeterName, instrument);

    public static string Email(string accountId, int i) => $"user{i}.{accountId}@example.com";

    /// <summary>Creates an invitation through the repository (index row first, then the invitation).</summary>
    public async Task<Invitation> CreateAsync(string accountId, int i, DateTimeOffset sentAt, CancellationToken ct = default)
    {
        var invitation = Invitation.Create(
            new NewInvitation(accountId, Guid.NewGuid(), EmailAddress.Parse(Email(accountId, i)), null, "member", null, null),
            InvitationTestData.Admin,
            sentAt,
            InvitationTestData.Lifetime);
        await Repository.CreateAsync(invitation, idempotency: null, ct);
        return invitation;
    }

    public async Task<Stored<Invitation>> ReadAsync(Invitation invitation) =>
        await Repository.GetAsync(invitation.AccountId, invitation.Id, CancellationToken.None)
        ?? throw new InvalidOperationException("The invitation is gone.");

    public async Task<int> CountEventsAsync(Invitation invitation, InvitationEventKind kind) =>
        (await Repository.GetHistoryAsync(invitation.AccountId, invitation.Id, CancellationToken.None)).Count(e => e.Kind == kind);

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

/// <summary>
/// Wraps the real invitations so a test can act after the sweep first looks at an invitation and before it writes
/// (after its first read, or before its first write without a read), count what the sweep did, or fail writes.
/// </summary>
internal sealed class InterferingInvitations(IExpiryInvitations inner) : IExpiryInvitations
{
    private readonly HashSet<Guid> _seen = [];
    private int _updates;
    private int _reads;
    private int _unreadAttempts;
    private int _unreadExpired;

    /// <summary>Runs once per invitation, the first time the sweep touches it; gets the invitation as stored then.</summary>
    public Func<Stored<Invitation>, Task>? OnFirstTouch { get; init; }

    /// <summary>Throws on the write (read-path update or unread expiry) with this 1-based number (a crash midway).</summary>
    public int? FailOnUpdate { get; init; }

    public int Updates => _updates;
    public int Reads => _reads;
    public int UnreadAttempts => _unreadAttempts;
    public int UnreadExpired => _unreadExpired;

    public async Task<Stored<Invitation>?> ReadAsync(string accountId, Guid invitationId, CancellationToken ct)
    {
        Interlocked.Increment(ref _reads);
        var stored = await inner.ReadAsync(accountId, invitationId, ct);
        if (stored is not null)
        {
            await TouchAsync(stored);
        }

        return stored;
    }

    public Task<bool> TryUpdateAsync(Stored<Invitation> stored, CancellationToken ct)
    {
        CountWrite();
        return inner.TryUpdateAsync(stored, ct);
    }

    public async Task<bool> TryExpireUnreadAsync(ExpiryIndexEntry entry, DateTimeOffset now, CancellationToken ct)
    {
        if (OnFirstTouch is not null && await inner.ReadAsync(entry.AccountId, entry.InvitationId, ct) is { } current)
        {
            await TouchAsync(current);
        }

        CountWrite();
        Interlocked.Increment(ref _unreadAttempts);
        var expired = await inner.TryExpireUnreadAsync(entry, now, ct);
        if (expired)
        {
            Interlocked.Increment(ref _unreadExpired);
        }

        return expired;
    }

    private async Task TouchAsync(Stored<Invitation> stored)
    {
        bool first;
        lock (_seen)
        {
            first = _seen.Add(stored.Value.Id);
        }

        if (first && OnFirstTouch is { } hook)
        {
            await hook(stored);
        }
    }

    private void CountWrite()
    {
        if (Interlocked.Increment(ref _updates) == FailOnUpdate)
        {
            throw new InvalidOperationException("Injected failure midway through the run.");
        }
    }
}
