using Invitations.Expiry;
using Invitations.Invitations;

namespace Invitations.Storage;

/// <summary>TEMPORARY placeholder so the app runs before the expiry feature registers its real index.</summary>
internal sealed class NoExpiryIndexYet : IExpiryIndex
{
    public Task RecordAsync(string accountId, Guid invitationId, DateTimeOffset expiresAt, CancellationToken ct) => Task.CompletedTask;

    public Task RecordWrittenAsync(Stored<Invitation> written, CancellationToken ct) => Task.CompletedTask;
}
