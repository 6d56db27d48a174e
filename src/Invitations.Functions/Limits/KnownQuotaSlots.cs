namespace Invitations.Limits;

/// <summary>
/// What one instance knows about one account's quota day, so that it need not read the day's slots before every
/// email. Two sets: slots <em>read</em> as taken (rows are never removed within a day, so this is a lower bound of the
/// truth and may refuse on its own), and slots this instance <em>picked</em> since (a change may still fail, so they
/// only steer picks away and never refuse). Storage still decides: a slot row is added once, so a stale picture costs
/// a failed transaction and a re-run that reads, never an email past the limit. Thread-safe.
/// </summary>
internal sealed class KnownQuotaSlots(string day)
{
    private readonly HashSet<int> _read = [];
    private readonly HashSet<int> _avoid = []; // read ∪ picked
    private readonly Lock _lock = new();

    public string Day { get; } = day;

    /// <summary>
    /// Picks <paramref name="emails"/> slots not known to be taken and marks them picked; <c>null</c> when this
    /// instance's picture has too few left (read the day, then <see cref="TakeAfterRead"/>).
    /// </summary>
    public IReadOnlyList<int>? TakeUnread(int limit, int emails, Random random)
    {
        lock (_lock)
        {
            return Mark(AccountQuotaSlots.Pick(limit, emails, _avoid, random));
        }
    }

    /// <summary>True when the slots read as taken already leave fewer than <paramref name="emails"/> free: a refusal without reading.</summary>
    public bool IsFull(int limit, int emails)
    {
        lock (_lock)
        {
            return limit - _read.Count(slot => slot < limit) < emails;
        }
    }

    /// <summary>
    /// After reading the day's taken slots: remembers them, then picks among slots neither read nor picked here, or,
    /// when this instance's own picks crowd those out (picks of changes that failed), among the slots free in storage.
    /// <c>null</c> only when storage itself has fewer than <paramref name="emails"/> free: the refusal.
    /// </summary>
    public IReadOnlyList<int>? TakeAfterRead(int limit, int emails, IReadOnlySet<int> taken, Random random)
    {
        ArgumentNullException.ThrowIfNull(taken);
        lock (_lock)
        {
            _read.UnionWith(taken);
            _avoid.UnionWith(taken);
            return Mark(AccountQuotaSlots.Pick(limit, emails, _avoid, random) ?? AccountQuotaSlots.Pick(limit, emails, _read, random));
        }
    }

    private IReadOnlyList<int>? Mark(IReadOnlyList<int>? picked)
    {
        if (picked is not null)
        {
            _avoid.UnionWith(picked);
        }

        return picked;
    }
}
