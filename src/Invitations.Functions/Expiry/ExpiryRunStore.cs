using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Invitations.Invitations;

namespace Invitations.Expiry;

/// <summary>
/// The <c>{prefix}ExpiryRuns</c> table: run records (PK <c>run</c>, RK = inverted start ticks + run id, so a
/// plain query lists newest first), the run lock (PK <c>lock</c>) and the checkpoint (PK <c>checkpoint</c>).
/// </summary>
public sealed class ExpiryRunStore(ExpiryTables tables)
{
    private const string RunPartition = "run";
    private const string LockPartition = "lock";
    private const string CheckpointPartition = "checkpoint";
    private const string SweepRow = "sweep";
    private const string RunIdTimeFormat = "yyyyMMdd'T'HHmmssfff'Z'";

    /// <summary>A run id sorts by start time and carries it, so a GET by id is a point read.</summary>
    public static string NewRunId(DateTimeOffset start) =>
        start.UtcDateTime.ToString(RunIdTimeFormat, CultureInfo.InvariantCulture) + "-" +
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>Null when <paramref name="runId"/> is not one of ours.</summary>
    public static string? RowKeyOf(string runId)
    {
        if (runId is not { Length: 28 } || runId[19] != '-' ||
            !runId.AsSpan(20).ToString().All(Uri.IsHexDigit) ||
            !DateTime.TryParseExact(runId[..19], RunIdTimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start))
        {
            return null;
        }

        return InvertedTicks(start.Ticks) + "|" + runId;
    }

    private static string InvertedTicks(long ticks) =>
        (DateTime.MaxValue.Ticks - ticks).ToString("D19", CultureInfo.InvariantCulture);

    // ---- lock ----

    /// <summary>
    /// Takes the run lock until <paramref name="leaseUntil"/>: an add, or an ETag-conditional replace of an
    /// expired lease, so exactly one of several racing runs wins.
    /// </summary>
    public async Task<LockResult> TryAcquireLockAsync(string runId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        await tables.EnsureCreatedAsync(ct);
        var entity = new TableEntity(LockPartition, SweepRow) { ["Owner"] = runId, ["LeaseUntil"] = leaseUntil };
        var current = await tables.Runs.GetEntityIfExistsAsync<TableEntity>(LockPartition, SweepRow, cancellationToken: ct);
        try
        {
            if (!current.HasValue || current.Value is null)
            {
                var added = await tables.Runs.AddEntityAsync(entity, ct);
                return new LockResult(true, added.Headers.ETag ?? ETag.All, null);
            }

            var holder = current.Value.GetString("Owner");
            if (current.Value.GetDateTimeOffset("LeaseUntil") is { } until && until > now)
            {
                return new LockResult(false, default, holder);
            }

            var replaced = await tables.Runs.UpdateEntityAsync(entity, current.Value.ETag, TableUpdateMode.Replace, ct);
            return new LockResult(true, replaced.Headers.ETag ?? ETag.All, holder);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return new LockResult(false, default, null);
        }
    }

    public async Task ReleaseLockAsync(ETag etag, CancellationToken ct)
    {
        try
        {
            await tables.Runs.DeleteEntityAsync(LockPartition, SweepRow, etag, ct);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Our lease expired and someone else holds the lock now: leave theirs alone.
        }
    }

    // ---- checkpoint ----

    public async Task<string?> ReadCheckpointAsync(CancellationToken ct)
    {
        await tables.EnsureCreatedAsync(ct);
        var current = await tables.Runs.GetEntityIfExistsAsync<TableEntity>(CheckpointPartition, SweepRow, cancellationToken: ct);
        return current.HasValue ? current.Value?.GetString("Bucket") : null;
    }

    public Task WriteCheckpointAsync(string bucket, string runId, DateTimeOffset at, CancellationToken ct) =>
        tables.Runs.UpsertEntityAsync(
            new TableEntity(CheckpointPartition, SweepRow) { ["Bucket"] = bucket, ["RunId"] = runId, ["At"] = at },
            TableUpdateMode.Replace,
            ct);

    // ---- run records ----

    public async Task SaveAsync(ExpiryRunRecord record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        await tables.EnsureCreatedAsync(ct);
        await tables.Runs.UpsertEntityAsync(ToEntity(record), TableUpdateMode.Replace, ct);
    }

    public async Task<ExpiryRunRecord?> GetAsync(string runId, CancellationToken ct)
    {
        if (RowKeyOf(runId) is not { } rowKey)
        {
            return null;
        }

        await tables.EnsureCreatedAsync(ct);
        var found = await tables.Runs.GetEntityIfExistsAsync<TableEntity>(RunPartition, rowKey, cancellationToken: ct);
        return found.HasValue && found.Value is not null ? FromEntity(found.Value) : null;
    }

    /// <summary>One page, newest first. The continuation token is opaque to callers (base64url of the storage one).</summary>
    /// <exception cref="ValidationFailedException">A token this store did not hand out.</exception>
    public async Task<(IReadOnlyList<ExpiryRunRecord> Runs, string? ContinuationToken)> ListAsync(int pageSize, string? continuationToken, CancellationToken ct)
    {
        var from = continuationToken is null ? null : DecodeContinuation(continuationToken);
        await tables.EnsureCreatedAsync(ct);
        var query = tables.Runs.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {RunPartition}"), maxPerPage: pageSize, cancellationToken: ct);
        try
        {
            await foreach (var page in query.AsPages(from, pageSize))
            {
                var next = page.ContinuationToken is { } token
                    ? System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(token))
                    : null;
                return ([.. page.Values.Select(FromEntity)], next);
            }
        }
        catch (RequestFailedException e) when (from is not null && e.Status == 400)
        {
            throw ValidationFailedException.InvalidContinuationToken();
        }

        return ([], null);
    }

    // The SDK's token is "{nextPartitionKey} {nextRowKey}" in storage's own (opaque) encoding; we hand it out
    // base64url-wrapped and take back only something of that shape. Storage refuses a forged one with a 400.
    private static string DecodeContinuation(string token)
    {
        try
        {
            var decoded = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token));
            if (decoded.Length <= 1024 && decoded.Split(' ') is [{ Length: > 0 } partition, var row] &&
                !decoded.Any(char.IsControl) && partition.All(char.IsAscii) && row.All(char.IsAscii))
            {
                return decoded;
            }
        }
        catch (FormatException)
        {
        }

        throw ValidationFailedException.InvalidContinuationToken();
    }

    /// <summary>Deletes up to <paramref name="max"/> records that started before <paramref name="olderThan"/>.</summary>
    public async Task<int> DeleteOlderThanAsync(DateTimeOffset olderThan, int max, CancellationToken ct)
    {
        // Inverted ticks: older runs have larger row keys.
        var from = InvertedTicks(olderThan.UtcTicks);
        var query = tables.Runs.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {RunPartition} and RowKey gt {from}"),
            maxPerPage: max,
            select: ["PartitionKey", "RowKey"],
            cancellationToken: ct);
        var deleted = 0;
        await foreach (var entity in query)
        {
            if (deleted >= max)
            {
                break;
            }

            try
            {
                await tables.Runs.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, ct);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // A concurrent cleanup got there first.
            }

            deleted++;
        }

        return deleted;
    }

    private static TableEntity ToEntity(ExpiryRunRecord r) => new(RunPartition, RowKeyOf(r.Id) ?? throw new ArgumentException("Not a run id.", nameof(r)))
    {
        ["Id"] = r.Id,
        ["Trigger"] = r.Trigger,
        ["StartedAt"] = r.StartedAt,
        ["EndedAt"] = r.EndedAt,
        ["DurationMs"] = r.DurationMs,
        ["IsPastDue"] = r.IsPastDue,
        ["DryRun"] = r.DryRun,
        ["BucketsRead"] = r.BucketsRead,
        ["Examined"] = r.Examined,
        ["Expired"] = r.Expired,
        ["Skipped"] = r.Skipped,
        ["Errors"] = r.Errors,
        ["BacklogRemaining"] = r.BacklogRemaining,
        ["CheckpointBucket"] = r.CheckpointBucket,
        ["Outcome"] = r.Outcome,
        ["Detail"] = r.Detail,
    };

    private static ExpiryRunRecord FromEntity(TableEntity e) => new()
    {
        Id = e.GetString("Id"),
        Trigger = e.GetString("Trigger"),
        StartedAt = e.GetDateTimeOffset("StartedAt") ?? default,
        EndedAt = e.GetDateTimeOffset("EndedAt"),
        DurationMs = e.GetInt64("DurationMs") ?? 0,
        IsPastDue = e.GetBoolean("IsPastDue") ?? false,
        DryRun = e.GetBoolean("DryRun") ?? false,
        BucketsRead = e.GetInt32("BucketsRead") ?? 0,
        Examined = e.GetInt32("Examined") ?? 0,
        Expired = e.GetInt32("Expired") ?? 0,
        Skipped = e.GetInt32("Skipped") ?? 0,
        Errors = e.GetInt32("Errors") ?? 0,
        BacklogRemaining = e.GetBoolean("BacklogRemaining") ?? false,
        CheckpointBucket = e.GetString("CheckpointBucket"),
        Outcome = e.GetString("Outcome"),
        Detail = e.GetString("Detail"),
    };
}
