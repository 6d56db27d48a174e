using System.Text.Json;
using Invitations.Hosting.Http;

namespace Invitations.Admin.Bulk;

/// <summary>One row's answer, at its input <see cref="Index"/>: the status a single create would have answered, with the invitation or the problem.</summary>
public sealed record BulkRowResult(int Index, int Status, JsonElement? Invitation, ApiProblem? Problem)
{
    /// <summary>True when the row was created by an earlier request with the same Idempotency-Key and is replayed.</summary>
    public bool? Replayed { get; init; }
}
