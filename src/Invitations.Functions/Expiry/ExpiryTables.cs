using Azure.Data.Tables;
using Invitations.Storage;
using Microsoft.Extensions.Options;

namespace Invitations.Expiry;

/// <summary>The sweep's two tables, created on first use (once per process).</summary>
public sealed class ExpiryTables(TableServiceClient service, IOptions<StorageOptions> storage)
{
    public const string IndexTableName = "InvitationExpiry";
    public const string RunsTableName = "ExpiryRuns";

    private Task? _creation;

    /// <summary><c>{prefix}InvitationExpiry</c>: PK = bucket key, RK = <c>{accountId}|{invitationId:N}</c>.</summary>
    public TableClient Index { get; } = service.GetTableClient(storage.Value.TablePrefix + IndexTableName);

    /// <summary><c>{prefix}ExpiryRuns</c>: run records, the run lock and the checkpoint.</summary>
    public TableClient Runs { get; } = service.GetTableClient(storage.Value.TablePrefix + RunsTableName);

    /// <summary>Creates both tables once per process; a failed attempt is retried by the next caller.</summary>
    public Task EnsureCreatedAsync(CancellationToken ct)
    {
        var current = Volatile.Read(ref _creation);
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            var fresh = CreateAsync();
            current = Interlocked.CompareExchange(ref _creation, fresh, current) == current ? fresh : Volatile.Read(ref _creation)!;
        }

        return current.WaitAsync(ct);
    }

    private async Task CreateAsync()
    {
        await Index.CreateIfNotExistsAsync(CancellationToken.None);
        await Runs.CreateIfNotExistsAsync(CancellationToken.None);
    }
}
