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
            var language = ActionConfirmations.Language(request);
            var outcomes = await service.CreateAsync(accountId, caller, body, IdempotencyKey(request), ct);
            var path = request.Path.Value ?? "";
            var results = outcomes.Select(row => row.Created is { } created
                    ? new BulkRowResult(row.Index, StatusCodes.Status201Created, created.Body, null) { Replayed = created.Replayed ? true : null }
                    : Failed(row.Index, endpoint.Answer(row.Failure!, path, accountId)))
                .ToList();
            var createdCount = results.Count(r => r.Status == StatusCodes.Status201Created);
            var confirmation = ConfirmationTexts.Create(ConfirmationCodes.BulkCreated, language, ("created", createdCount), ("failed", results.Count - createdCount));
            return new ApiJsonResult(new BulkCreateInvitationsView(results, createdCount, results.Count - createdCount, confirmation)).In(language);
        });

    private static BulkRowResult Failed(int index, ApiJsonResult answer) => new(index, answer.StatusCode, null, answer.Value as ApiProblem);

    private static string? IdempotencyKey(HttpRequest request) =>
        request.Headers.TryGetValue(InvitationAdminService.IdempotencyHeader, out var values) ? values.ToString() : null;
}
