using Invitations.Invitations;
using Invitations.Storage;

namespace Invitations.Tests.Expiry;

/// <summary>
/// A write-path participant for the sweep's writer: it runs after the sweep read an invitation and decided, and before
/// its transaction, so a test can change the invitation in between (as the API would), count the sweep's writes, or
/// fail one (a crash midway).
/// </summary>
internal sealed class InterferingParticipant : IInvitationWriteParticipant
{
    private readonly HashSet<Guid> _seen = [];
    private int _updates;

    /// <summary>Runs once per invitation, the first time the sweep is about to write it; gets the invitation as the rules left it.</summary>
    public Func<Invitation, Task>? OnFirstTouch { get; init; }

    /// <summary>Throws before the write with this 1-based number (a crash midway).</summary>
    public int? FailOnUpdate { get; init; }

    public int Updates => _updates;

    public async ValueTask<IReadOnlyList<Azure.Data.Tables.TableTransactionAction>> PrepareAsync(InvitationChange change, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _updates) == FailOnUpdate)
        {
            throw new InvalidOperationException("Injected failure midway through the run.");
        }

        bool first;
        lock (_seen)
        {
            first = _seen.Add(change.Invitation.Id);
        }

        if (first && OnFirstTouch is { } hook)
        {
            await hook(change.Invitation);
        }

        return [];
    }
}
