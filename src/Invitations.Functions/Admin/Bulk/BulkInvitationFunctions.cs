using Invitations.Admin.Confirmations;
using Invitations.Hosting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.Admin.Bulk;

/// <summary><c>POST /api/accounts/{accountId}/invitations/bulk</c>: the admin guard of the other admin routes, then <see cref="BulkInvitationService"/>.</summary>
public sealed class BulkInvitationFunctions(ApiEndpoint endpoint, BulkInvitationService service)
{
    [Function(nameof(BulkCreateInvitations))]
    public Task<IActionResult> BulkCreateInvitations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "accounts/{accountId}/invitations/bulk")] HttpRequest request, string accountId) =>
        endpoint.RunAsAccountAdminAsync(request, accountId, async (caller, ct) =>
        {
            var body = await ApiRequest.ReadJsonAsync<BulkCreateInvitationsRequest>(request, BulkInvitationService.MaxBodyBytes, ct);
            var key = request.Headers.TryGetValue(InvitationAdminService.IdempotencyHeader, out var values) ? values.ToString() : null;
            var language = ConfirmationTexts.Negotiate(request.Headers.AcceptLanguage);
            var result = await service.CreateAsync(accountId, caller, body, key, language, request.Path.Value ?? "", ct);
            return new ApiJsonResult(result)
                .WithHeader("Content-Language", result.Confirmation.Language)
                .WithHeader("Vary", "Accept-Language");
        });
}
