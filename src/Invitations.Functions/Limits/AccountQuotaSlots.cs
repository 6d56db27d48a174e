using System.Globalization;

namespace Invitations.Limits;

/// <summary>
/// The daily email quota of an account as numbered slots: slot <c>0 … limit-1</c> of a UTC day, one row per email
/// that took it (<c>quota|{yyyyMMdd}|{slot:D7}</c>), added in the change's own transaction. A slot row can be added
/// once, so no interleaving of concurrent changes passes the limit, and concurrent emails of one account add
/// different rows instead of updating one hot counter (docs/architecture.md, "Account email quota").
/// </summary>
public static class AccountQuotaSlots
{
    public const string RowPrefix = "quota|";

    /// <summary>
    /// <paramref name="emails"/> distinct slots below <paramref name="limit"/>, at random among those not in
    /// <paramref name="taken"/> (<c>null</c>: not read, any slot); <c>null</c> when fewer than that are free.
    /// </summary>
    public static IReadOnlyList<int>? Pick(int limit, int emails, IReadOnlySet<int>? taken, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (taken is null)
        {
            var picked = new HashSet<int>();
            while (picked.Count < Math.Min(emails, limit))
            {
                picked.Add(random.Next(limit));
            }

            return picked.Count == emails ? [.. picked] : null;
        }

        // Slots past the limit (a limit lowered during the day) do not count; leaving them out takes a pass over the set,
        // needed only near the decision or the list.
        var freeCount = limit - taken.Count;
        if (freeCount < emails || freeCount < limit / 4)
        {
            freeCount = limit - taken.Count(slot => slot < limit);
        }

        if (freeCount < emails)
        {
            return null;
        }

        if (freeCount >= limit / 4 && emails <= freeCount / 4)
        {
            // Mostly free: draw until free slots come up (at most four draws each on average), without listing the quota.
            var drawn = new HashSet<int>();
            while (drawn.Count < emails)
            {
                var slot = random.Next(limit);
                if (!taken.Contains(slot))
                {
                    drawn.Add(slot);
                }
            }

            return [.. drawn];
        }

        var free = Enumerable.Range(0, limit).Where(slot => !taken.Contains(slot)).ToArray();
        random.Shuffle(free);
        return free[..emails];
    }

    /// <summary>The quota day is the UTC calendar day.</summary>
    public static string Day(DateTimeOffset now) => now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>When the next quota day starts (UTC midnight).</summary>
    public static DateTimeOffset NextDay(DateTimeOffset now) => new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);

    public static string DayPrefix(string day) => RowPrefix + day + "|";

    public static string RowKey(string day, int slot) => DayPrefix(day) + slot.ToString("D7", CultureInfo.InvariantCulture);

    public static int SlotOf(string rowKey)
    {
        ArgumentNullException.ThrowIfNull(rowKey);
        return int.Parse(rowKey.AsSpan(rowKey.LastIndexOf('|') + 1), NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
