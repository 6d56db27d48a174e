using Invitations.Invitations;

namespace Invitations.Storage;

/// <summary>
/// Filters of a list: statuses as a reader sees them at <c>now</c> (pending past expiry is expired), and the order
/// (newest first unless <paramref name="OldestFirst"/>).
/// </summary>
public sealed record InvitationListQuery(IReadOnlyCollection<InvitationStatus> Statuses, string? EmailPrefix = null, bool OldestFirst = false);
