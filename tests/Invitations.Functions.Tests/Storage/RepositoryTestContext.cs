using System.Collections.Concurrent;
using Azure.Data.Tables;
using Invitations.Expiry;
using Invitations.Invitations;
using Invitations.Storage;
using Invitations.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Invitations.Tests.Storage;

/// <summary>A repository over Azurite with its own table and a fake clock, plus a recording expiry index.</summary>
internal sealed class RepositoryTestContext
{
    public RepositoryTestContext(AzuriteFixture azurite)
    {
        Time = new FakeTimeProvider(Tests.Invitations.InvitationTestData.Start);
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        Table = new InvitationTable(new TableServiceClient(azurite.ConnectionString), Options.Create(new StorageOptions { TablePrefix = prefix }));
        Repository = new InvitationRepository(Table, ExpiryIndex, Time, NullLogger<InvitationRepository>.Instance);
    }

    public FakeTimeProvider Time { get; }
    public InvitationTable Table { get; }
    public RecordingExpiryIndex ExpiryIndex { get; } = new();
    public InvitationRepository Repository { get; }
    public string AccountId { get; } = "acct-" + Guid.NewGuid().ToString("N")[..8];

    public Invitation NewInvitation(string email = "ana@example.com") =>
        Invitation.Create(
            new NewInvitation(AccountId, Guid.CreateVersion7(Time.GetUtcNow()), EmailAddress.Parse(email), "Ana", "member", "Welcome!", "en"),
            Tests.Invitations.InvitationTestData.Admin,
            Time.GetUtcNow(),
            TimeSpan.FromDays(7));

    public async Task<List<TableEntity>> RowsAsync()
    {
        var client = await Table.GetClientAsync(CancellationToken.None);
        var rows = new List<TableEntity>();
        await foreach (var row in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {AccountId}")))
        {
            rows.Add(row);
        }

        return rows;
    }
}

internal sealed class RecordingExpiryIndex : IExpiryIndex
{
    public ConcurrentQueue<(string AccountId, Guid InvitationId, DateTimeOffset ExpiresAt)> Calls { get; } = new();

    public Task RecordAsync(string accountId, Guid invitationId, DateTimeOffset expiresAt, CancellationToken ct)
    {
        Calls.Enqueue((accountId, invitationId, expiresAt));
        return Task.CompletedTask;
    }

    public ConcurrentQueue<Stored<Invitation>> Written { get; } = new();

    public Task RecordWrittenAsync(Stored<Invitation> written, CancellationToken ct)
    {
        Written.Enqueue(written);
        return Task.CompletedTask;
    }
}
