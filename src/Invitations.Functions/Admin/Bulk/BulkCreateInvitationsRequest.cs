using System.Text.Json;

namespace Invitations.Admin.Bulk;

/// <summary>
/// Body of <c>POST /accounts/{accountId}/invitations/bulk</c>: up to <see cref="BulkInvitationService.MaxRows"/> rows, each
/// a create body. Rows stay raw JSON here so that a malformed row fails alone (its own 400), not the whole request.
/// </summary>
public sealed record BulkCreateInvitationsRequest(IReadOnlyList<JsonElement>? Invitations);
