using Azure.Data.Tables;
using Invitations.Invitations;
using Invitations.Storage;
using Invitations.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Invitations.Tests.Storage;

/// <summary>The store and the write path over Azurite with their own table and a fake clock, plus a recording participant.</summary>
internal sealed class RepositoryTestContext
{
    public RepositoryTestContext(AzuriteFixture azurite, params IInvitationWriteParticipant[] participants)
    {
        Time = new FakeTimeProvider(Tests.Invitations.InvitationTestData.Start);
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        Table = new InvitationTable(new TableServiceClient(azurite.ConnectionString), Options.Create(new StorageOptions { TablePrefix = prefix }));
        Store = new InvitationStore(Table, Time);
        Writer = new InvitationWriter(Table, Store, [Participant, .. participants], new InvitationWriteRetry(6, TimeSpan.Zero), Time, NullLogger<InvitationWriter>.Instance);
    }

    public FakeTimeProvider Time { get; }
    public InvitationTable Table { get; }
    public RecordingParticipant Participant { get; } = new();
    public InvitationStore Store { get; }
    public InvitationWriter Writer { get; }
    public string AccountId { get; } = "acct-" + Guid.NewGuid().ToString("N")[..8];

    public Invitation NewInvitation(string email = "ana@example.com") =>
        Invitation.Create(
            new NewInvitation(AccountId, Guid.CreateVersion7(Time.GetUtcNow()), EmailAddress.Parse(email), "Ana", "member", "Welcome!", "en"),
            Tests.Invitations.InvitationTestData.Admin,
            Time.GetUtcNow(),
            TimeSpan.FromDays(7));

    public async Task<Stored<Invitation>> CreateAsync(Invitation invitation) =>
        (await Writer.CreateAsync(invitation, null, CancellationToken.None)).Stored!;

    public async Task<Stored<Invitation>> ChangeAsync(Guid invitationId, Action<Invitation, DateTimeOffset> apply, Stored<Invitation>? known = null) =>
        (await Writer.ChangeAsync(AccountId, invitationId, apply, new InvitationWriteOptions { Known = known }, CancellationToken.None)).Stored!;

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
