using System.Collections.Concurrent;
using Azure.Data.Tables;
using Invitations.Invitations;
using Invitations.Storage;
using Microsoft.Extensions.Options;

namespace Invitations.Limits;

/// <summary>
/// The account's daily email quota (<c>Limits__EmailsPerAccountPerDay</c>, per UTC day) on the write path. A change that
/// queues emails (create, resend, send new; later bulk rows) adds one quota slot row per email to its own transaction,
/// before anything is queued. The slot is drawn at random among those this instance does not know to be taken
/// (<see cref="KnownQuotaSlots"/>), without reading. If another instance took it meanwhile, the transaction fails and
/// the change re-runs, and this time the day's taken slots are read first (one range query of row keys): a free slot
/// is taken, or, with none left, the change is refused with <c>account-email-limit-reached</c>. Once a read showed the
/// day full, later changes of that account are refused without reading (slot rows are never removed within a day).
/// So one instance reads an account's day once, not on every create however full it is (docs/architecture.md,
/// "Account email quota").
/// </summary>
public sealed class AccountEmailQuota(InvitationTable table, IOptions<LimitsOptions> options, TimeProvider time) : IInvitationWriteParticipant
{
    /// <summary>Accounts whose day one instance remembers; past that it forgets them all (each then costs a read again).</summary>
    public const int RememberedAccounts = 10_000;

    private readonly ConcurrentDictionary<string, KnownQuotaSlots> _known = new(StringComparer.Ordinal);

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
        var known = Known(accountId, day);
        // A re-run means a conflict, maybe over a slot another instance took: read rather than guess again.
        var slots = change.Attempt == 1 ? known.TakeUnread(limit, emails, Random.Shared) : null;
        if (slots is null && !known.IsFull(limit, emails))
        {
            slots = known.TakeAfterRead(limit, emails, await TakenAsync(accountId, day, limit, ct), Random.Shared);
        }

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

    /// <summary>What this instance knows of the account's day (a new day starts empty).</summary>
    private KnownQuotaSlots Known(string accountId, string day)
    {
        if (_known.Count >= RememberedAccounts)
        {
            _known.Clear();
        }

        return _known.AddOrUpdate(accountId, static (_, d) => new KnownQuotaSlots(d), static (_, known, d) => known.Day == d ? known : new KnownQuotaSlots(d), day);
    }

    /// <summary>The day's taken slots below the limit (one range query of row keys only).</summary>
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
