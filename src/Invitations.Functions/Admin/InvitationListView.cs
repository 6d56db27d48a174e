using System.Text.Json.Serialization;

namespace Invitations.Admin;

/// <summary>A page of the Users page list.</summary>
public sealed record InvitationListView(
    IReadOnlyList<InvitationView> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ContinuationToken);
