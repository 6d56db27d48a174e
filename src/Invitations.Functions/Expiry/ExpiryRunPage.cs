using System.Text.Json.Serialization;

namespace Invitations.Expiry;

/// <summary>A page of runs; like the invitation list, <c>continuationToken</c> is null on the last page.</summary>
public sealed record ExpiryRunPage(
    IReadOnlyList<ExpiryRunRecord> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ContinuationToken);
