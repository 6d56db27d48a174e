using System.Collections.Concurrent;
using Invitations.Storage;

namespace Invitations.Tests.Storage;

/// <summary>Records every change the write path was about to commit (each attempt).</summary>
internal sealed class RecordingParticipant : IInvitationWriteParticipant
{
    public ConcurrentQueue<InvitationChange> Changes { get; } = new();

    public Task BeforeCommitAsync(InvitationChange change, CancellationToken ct)
    {
        Changes.Enqueue(change);
        return Task.CompletedTask;
    }
}
