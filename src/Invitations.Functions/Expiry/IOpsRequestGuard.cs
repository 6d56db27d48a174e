using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Invitations.Expiry;

/// <summary>Lets a request through only for callers with the ops role (<c>Auth__OpsRole</c>).</summary>
public interface IOpsRequestGuard
{
    /// <returns>Null when the caller may proceed; otherwise the 401/403 problem to answer with.</returns>
    Task<IActionResult?> RequireOpsAsync(HttpRequest request, CancellationToken ct);
}
