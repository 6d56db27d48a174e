namespace Invitations.Events;

/// <summary>Exponential backoff with ±20% jitter between publish attempts, capped.</summary>
public static class RelayBackoff
{
    /// <param name="attempt">The attempt that failed: 1 waits about <paramref name="first"/>.</param>
    /// <param name="jitter">A number in [0, 1) (Random.Shared.NextDouble() in production).</param>
    public static TimeSpan Delay(int attempt, TimeSpan first, TimeSpan max, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponential = first.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (0.4 * jitter)));
    }
}
