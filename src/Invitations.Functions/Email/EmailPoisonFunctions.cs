using Invitations.Hosting.Http;
using Invitations.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Invitations.Email;

/// <summary>
/// Operations: after fixing the cause, move poisoned email jobs (<c>{EmailQueueName}-poison</c>) back to the queue,
/// optionally only one account's. Ops role (<c>Auth__OpsRole</c>) through the shared request pipeline.
/// </summary>
public sealed class EmailPoisonFunctions(ApiEndpoint endpoint, IOptions<AuthOptions> auth, EmailPoisonReplayer replayer)
{
    public const string Route = "ops/email-poison/replay";
    public const int MaxMessagesPerCall = 1000;

    [Function(nameof(ReplayEmailPoison))]
    public Task<IActionResult> ReplayEmailPoison(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request) =>
        endpoint.RunAuthenticatedAsync(request, async (caller, ct) =>
        {
            if (!caller.Roles.Contains(auth.Value.OpsRole))
            {
                throw new ApiException(new ApiProblem("forbidden", StatusCodes.Status403Forbidden, "The operations role is required."));
            }

            // The body is optional: no body replays every account's jobs.
            var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
            var body = hasBody ? await ApiRequest.ReadJsonAsync<ReplayEmailPoisonRequest>(request, ct) : new ReplayEmailPoisonRequest();
            if (body.AccountId is not null && !ApiEndpoint.IsValidAccountId(body.AccountId))
            {
                throw ApiException.Validation("accountId", "Not a valid account id.");
            }

            var result = await replayer.ReplayAsync(body.AccountId, MaxMessagesPerCall, ct);
            return new ApiJsonResult(new ReplayEmailPoisonResponse(result.Moved, result.Skipped));
        });
}

public sealed record ReplayEmailPoisonRequest
{
    public string? AccountId { get; init; }
}

/// <param name="Moved">Jobs put back on the email queue.</param>
/// <param name="Left">Jobs left in poison (another account's, or unreadable).</param>
public sealed record ReplayEmailPoisonResponse(int Moved, int Left);
