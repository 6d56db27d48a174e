using Azure.Data.Tables;
using Invitations.Storage;
using Microsoft.Extensions.Options;

namespace Invitations.Expiry;

/// <summary>The sweep's two tables, created on first use (once per process).</summary>
public sealed class ExpiryTables(TableServiceClient service, IOptions<StorageOptions> storage)
{
    public const string IndexTableName = "InvitationExpiry";
    public const string RunsTableName = "ExpiryRuns";

    private readonly CreateOnce _creation = new(async () =>
    {
        await service.GetTableClient(storage.Value.TablePrefix + IndexTableName).CreateIfNotExistsAsync(CancellationToken.None);
        await service.GetTableClient(storage.Value.TablePrefix + RunsTableName).CreateIfNotExistsAsync(CancellationToken.None);
    });

    /// <summary><c>{prefix}InvitationExpiry</c>: PK = bucket key, RK = <c>{accountId}|{invitationId:N}</c>.</summary>
    public TableClient Index { get; } = service.GetTableClient(storage.Value.TablePrefix + IndexTableName);

    /// <summary><c>{prefix}ExpiryRuns</c>: run records, the run lock and the checkpoint.</summary>
    public TableClient Runs { get; } = service.GetTableClient(storage.Value.TablePrefix + RunsTableName);

    /// <summary>Creates both tables once per process; a failed attempt is retried by the next caller.</summary>
    public Task EnsureCreatedAsync(CancellationToken ct) => _creation.EnsureAsync(ct);
}
