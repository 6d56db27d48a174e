using Invitations.Admin.Confirmations;

namespace Invitations.Admin.Bulk;

/// <summary>The bulk answer: one result per row in input order, the counts, and a confirmation to show.</summary>
public sealed record BulkCreateInvitationsView(IReadOnlyList<BulkRowResult> Results, int Created, int Failed, Confirmation Confirmation);
