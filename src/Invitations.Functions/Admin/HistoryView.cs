using System.Text.Json.Serialization;

namespace Invitations.Admin;

/// <summary>A page of an invitation's history, newest first; <c>continuationToken</c> is null on the last page.</summary>
public sealed record HistoryView(
    Guid InvitationId,
    IReadOnlyList<HistoryEntryView> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ContinuationToken);
