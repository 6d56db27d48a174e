namespace Invitations.Admin;

/// <summary>Filters of the list as they arrive in the query string (validated here); the page size is already in range.</summary>
public sealed record InvitationListRequest(IReadOnlyList<string> Status, string? Email, int PageSize, string? ContinuationToken, string? OrderBy = null);
