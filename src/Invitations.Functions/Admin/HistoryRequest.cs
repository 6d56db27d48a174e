namespace Invitations.Admin;

/// <summary>Paging of an invitation's history as it arrives in the query string; the page size is already in range.</summary>
public sealed record HistoryRequest(int PageSize, string? ContinuationToken);
