using System.Globalization;

namespace Invitations.Expiry;

/// <summary>
/// Time buckets of the expiry index. A bucket is one UTC minute, keyed <c>yyyyMMddHHmm</c> so keys sort
/// like times and a run reads every due bucket with one range query.
/// </summary>
/// <remarks>
/// One minute, not five: the range query makes the number of buckets free (empty buckets cost nothing), and a
/// smaller bucket keeps the partly due current bucket small: the sweep reads it too and leaves its rows whose
/// time has not come, so those re-reads are the only entities it reads without expiring them.
/// Changing the size later is safe for reads (keys stay sortable times) but not for the key format.
/// </remarks>
public static class ExpiryBuckets
{
    public const string KeyFormat = "yyyyMMddHHmm";

    public static TimeSpan Size { get; } = TimeSpan.FromMinutes(1);

    /// <summary>The start of the bucket that holds <paramref name="at"/> (UTC).</summary>
    public static DateTimeOffset StartOf(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % Size.Ticks), TimeSpan.Zero);
    }

    /// <summary>The bucket key an invitation expiring at <paramref name="expiresAt"/> is indexed under.</summary>
    public static string KeyOf(DateTimeOffset expiresAt) =>
        StartOf(expiresAt).ToString(KeyFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset StartOfKey(string key) =>
        DateTimeOffset.ParseExact(key, KeyFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static bool IsValidKey(string? key) =>
        key is { Length: 12 } &&
        DateTimeOffset.TryParseExact(key, KeyFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    /// <summary>A bucket is fully due when it has ended: every invitation in it expired at or before <paramref name="now"/>.</summary>
    public static bool IsFullyDue(string key, DateTimeOffset now) => StartOfKey(key) + Size <= now;

    /// <summary>The newest fully due bucket at <paramref name="now"/>.</summary>
    public static string LastFullyDueKey(DateTimeOffset now) => KeyOf(now - Size);

    /// <summary>
    /// The fully due buckets after <paramref name="checkpoint"/> (the last bucket known drained), oldest first.
    /// With no checkpoint, starts at <paramref name="earliest"/>. At most <paramref name="max"/> keys.
    /// </summary>
    public static IEnumerable<string> DueKeys(string? checkpoint, DateTimeOffset now, DateTimeOffset earliest, int max = int.MaxValue)
    {
        var next = checkpoint is null ? StartOf(earliest) : StartOfKey(checkpoint) + Size;
        for (var count = 0; count < max && next + Size <= now; count++, next += Size)
        {
            yield return next.ToString(KeyFormat, CultureInfo.InvariantCulture);
        }
    }
}
