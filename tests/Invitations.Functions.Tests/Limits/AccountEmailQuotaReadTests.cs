using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Invitations.Admin;
using Invitations.Limits;
using Invitations.Security;
using Invitations.Storage;
using Invitations.Tests.Api;
using Invitations.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Invitations.Tests.Limits;

/// <summary>
/// What the account quota reads, counted on the app's own table client (the storage pipeline seam): an instance learns
/// an account's day once instead of reading every taken slot before each email (bench: <c>--only quota</c>).
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class AccountEmailQuotaReadTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task One_instance_reads_an_accounts_day_at_most_once_however_far_into_the_quota_it_is()
    {
        using var settings = new ApiHarness(azurite, new Dictionary<string, string?> { ["Limits__EmailsPerAccountPerDay"] = "1000" });
        var queries = new QueryCounter();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var services = settings.BuildCountedServices(queries, time);

        // 300 of 1,000 emails already sent today (by other instances): past the fifth at which the quota used to read before every create.
        var table = new TableClient(azurite.ConnectionString, settings.TablePrefix + InvitationTable.BaseName);
        await table.CreateIfNotExistsAsync(Ct);
        var day = AccountQuotaSlots.Day(time.GetUtcNow());
        foreach (var chunk in Enumerable.Range(0, 1000).Where(slot => slot % 10 < 3).Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(slot => new TableTransactionAction(
                TableTransactionActionType.Add, new TableEntity("acct-a", AccountQuotaSlots.RowKey(day, slot)) { ["Kind"] = "quota" })), Ct);
        }

        var admin = services.GetRequiredService<InvitationAdminService>();
        var caller = new CallerIdentity("admin-1", "Ada", ["ada@admin.example"], new HashSet<string> { "Invitations.Admin" }, new HashSet<string> { "acct-a" });
        for (var i = 0; i < 30; i++)
        {
            await admin.CreateAsync("acct-a", caller, new CreateInvitationRequest($"r{i}@example.com"), null, Ct); // a refusal throws
        }

        // Blind picks until one meets a slot taken elsewhere; that re-run reads the day once, and later picks avoid it.
        Assert.InRange(queries.Count, 0, 1);
        var rows = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"acct-a"} and RowKey ge {AccountQuotaSlots.DayPrefix(day)} and RowKey lt {InvitationRows.RangeEnd(AccountQuotaSlots.DayPrefix(day))}"), cancellationToken: Ct))
        {
            rows++;
        }

        Assert.Equal(330, rows);
    }

    /// <summary>Counts table queries (<c>GET …Invitations()</c>): the quota's reads of the day's slots; point reads look different.</summary>
    private sealed class QueryCounter : HttpPipelineSynchronousPolicy
    {
        private int _count;

        public int Count => _count;

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Get && message.Request.Uri.Path.EndsWith("Invitations()", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
            }
        }
    }
}
