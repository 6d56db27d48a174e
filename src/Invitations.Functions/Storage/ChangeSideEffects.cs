using System.Collections.Concurrent;

namespace Invitations.Storage;

/// <summary>
/// What participants did outside the transaction for one change (a queued job, an index row, a nudge), kept with the
/// change so that abandoning it can take each effect back. Keyed by the participant; participants may run at once.
/// </summary>
public sealed class ChangeSideEffects
{
    private readonly ConcurrentDictionary<IInvitationWriteParticipant, object> _effects = new(ReferenceEqualityComparer.Instance);

    /// <summary>Records <paramref name="participant"/>'s effect of this change (one per participant).</summary>
    public void Record(IInvitationWriteParticipant participant, object effect)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(effect);
        _effects[participant] = effect;
    }

    /// <summary>Removes and returns <paramref name="participant"/>'s effect, if it recorded one of type <typeparamref name="T"/>.</summary>
    public bool TryTake<T>(IInvitationWriteParticipant participant, out T effect)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(participant);
        if (_effects.TryRemove(participant, out var recorded) && recorded is T typed)
        {
            effect = typed;
            return true;
        }

        effect = null!;
        return false;
    }
}
