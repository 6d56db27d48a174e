using System.Collections.Concurrent;
using Azure.Data.Tables;
using Invitations.Invitations;
using Invitations.Storage;
using Microsoft.Extensions.Options;

namespace Invitations.Limits;

/// <summary>
/// The account's daily email quota (<c>Limits__EmailsPerAccountPerDay</c>, per UTC day) on the write path. A change that
/// queues emails (create, resend, send new; later bulk rows) adds one quota slot row per email to its own transaction,
/// before anything is queued. The first attempt takes a random slot without reading (no extra round trip); if that
/// slot was taken, the transaction fails and the change re-runs, and this time the day's taken slots are read first
/// (one range query): a free slot is taken, or, with none left, the change is refused with
/// <c>account-email-limit-reached</c>. An account seen nearly full reads first on every attempt, so a refusal costs
/// one read (docs/architecture.md, "Account email quota").
/// </summary>
public sealed class AccountEmailQuota(InvitationTable table, IOptions<LimitsOptions> options, TimeProvider time) : IInvitationWriteParticipant
{
    /// <summary>From this share of the day's quota on, an account's changes read the taken slots before picking one.</summary>
    public const double ReadFirstFill = 0.2;

    // Accounts last seen at least ReadFirstFill full, with that day (a hint per instance, never a decision).
    private readonly ConcurrentDictionary<string, string> _nearlyFull = new(StringComparer.Ordinal);

    public async ValueTask<IReadOnlyList<TableTransactionAction>> PrepareAsync(InvitationChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        var emails = change.Events.Count(e => e.Event.Kind == InvitationEventKind.EmailQueued);
        if (emails == 0)
        {
            return [];
        }

        var accountId = change.Invitation.AccountId;
        var limit = options.Value.EmailsPerAccountPerDay;
        var now = time.GetUtcNow();
        var day = AccountQuotaSlots.Day(now);
        var readFirst = change.Attempt > 1 || (_nearlyFull.TryGetValue(accountId, out var fullDay) && fullDay == day);
        var taken = readFirst ? await TakenAsync(accountId, day, limit, ct) : null;
        var slots = AccountQuotaSlots.Pick(limit, emails, taken, Random.Shared);
        if (slots is null)
        {
            var nextDay = AccountQuotaSlots.NextDay(now);
            throw new InvitationRuleException(
                InvitationErrorCodes.AccountEmailLimitReached,
                $"This account already sent its {limit} invitation emails for today (UTC); the next one is possible at {nextDay:u}.",
                nextDay - now,
                nextDay);
        }

        return [.. slots.Select(slot => new TableTransactionAction(TableTransactionActionType.Add, SlotRow(change, day, slot)))];
    }

    /// <summary>The day's taken slots below the limit (one range query of row keys only); remembers a nearly full account.</summary>
    private async Task<HashSet<int>> TakenAsync(string accountId, string day, int limit, CancellationToken ct)
    {
        var client = await table.GetClientAsync(ct);
        var prefix = AccountQuotaSlots.DayPrefix(day);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {accountId} and RowKey ge {prefix} and RowKey lt {InvitationRows.RangeEnd(prefix)}");
        var taken = new HashSet<int>();
        await foreach (var row in client.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: ct))
        {
            var slot = AccountQuotaSlots.SlotOf(row.RowKey);
            if (slot < limit)
            {
                taken.Add(slot);
            }
        }

        if (taken.Count >= limit * ReadFirstFill)
        {
            _nearlyFull[accountId] = day;
        }
        else
        {
            _nearlyFull.TryRemove(accountId, out _);
        }

        return taken;
    }

    private static TableEntity SlotRow(InvitationChange change, string day, int slot) =>
        new(change.Invitation.AccountId, AccountQuotaSlots.RowKey(day, slot))
        {
            ["Kind"] = "quota",
            ["InvitationId"] = change.Invitation.Id,
            ["LinkVersion"] = change.Invitation.LinkVersion,
            ["SendNumber"] = change.Invitation.SendNumber,
        };
}
