namespace Invitations.Admin;

/// <summary>Paging of an invitation's history as it arrives in the query string (validated by the service).</summary>
public sealed record HistoryRequest(string? PageSize, string? ContinuationToken);
