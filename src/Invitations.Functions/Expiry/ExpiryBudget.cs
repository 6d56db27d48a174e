namespace Invitations.Expiry;

/// <summary>A run's allowance of items and wall time. Thread-safe: items are taken by parallel workers.</summary>
public sealed class ExpiryBudget
{
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly int _maxItems;
    private readonly TimeSpan _maxDuration;
    private int _taken;
    private volatile bool _exhausted;

    public ExpiryBudget(int maxItems, TimeSpan maxDuration, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _maxItems = maxItems;
        _maxDuration = maxDuration;
        _started = time.GetTimestamp();
    }

    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    /// <summary>Set once an item was refused: due work is left for the next run.</summary>
    public bool Exhausted => _exhausted;

    /// <summary>Takes one item, or refuses when the items or the time are spent.</summary>
    public bool TryTake()
    {
        if (_exhausted || Elapsed >= _maxDuration || Interlocked.Increment(ref _taken) > _maxItems)
        {
            _exhausted = true;
            return false;
        }

        return true;
    }
}
