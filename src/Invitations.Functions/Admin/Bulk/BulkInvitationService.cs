using System.Security.Cryptography;
using System.Text;
using Invitations.Hosting.Http;
using Invitations.Invitations;
using Invitations.Security;

namespace Invitations.Admin.Bulk;

/// <summary>
/// Invite a team in one request. Each row is one single create (<see cref="InvitationAdminService.CreateAsync"/>: the
/// same validation, limits and write path), run concurrently with a small bound; a failing row becomes its own problem
/// and never stops the others. An Idempotency-Key covers the whole request: each row gets a key derived from it and its
/// index, so a retry replays the rows that were created and re-tries only the rows that were not. A row's failure is
/// kept as it was thrown; the edge answers it as it answers a single create.
/// </summary>
public sealed class BulkInvitationService(InvitationAdminService invitations)
{
    public const int MaxRows = 50;

    /// <summary>Rows in flight at once: enough to overlap storage round trips, few enough to leave the account's partition to others.</summary>
    public const int MaxConcurrentRows = 8;

    /// <summary>A full row (500-character message, 100-character name, long address) escaped is under 4 KB.</summary>
    public const int MaxBodyBytes = MaxRows * 4 * 1024;

    public async Task<IReadOnlyList<BulkRowOutcome>> CreateAsync(
        string accountId, CallerIdentity caller, BulkCreateInvitationsRequest body, string? idempotencyKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Invitations is not { Count: > 0 and <= MaxRows } rows)
        {
            throw new ValidationFailedException("invitations", $"From 1 to {MaxRows} rows.");
        }

        if (idempotencyKey is not null && !InvitationAdminService.IsValidIdempotencyKey(idempotencyKey))
        {
            throw new ValidationFailedException(InvitationAdminService.IdempotencyHeader, "1-100 characters: letters, digits, '-', '_', '.', ':'.");
        }

        var results = new BulkRowOutcome[rows.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentRows, CancellationToken = ct };
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), options, async (index, rowCt) =>
        {
            try
            {
                var row = ApiRequest.ReadObject<CreateInvitationRequest>(rows[index], $"invitations[{index}]");
                var created = await invitations.CreateAsync(accountId, caller, row, RowKey(idempotencyKey, index), rowCt);
                results[index] = new BulkRowOutcome(index, created, null);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && rowCt.IsCancellationRequested))
            {
                results[index] = new BulkRowOutcome(index, null, ex);
            }
        });

        return results;
    }

    /// <summary>The row's own Idempotency-Key: stable per (request key, row index), within the single create's alphabet and length.</summary>
    public static string? RowKey(string? idempotencyKey, int index) =>
        idempotencyKey is null
            ? null
            : $"bulk.{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32]}.{index}";
}
