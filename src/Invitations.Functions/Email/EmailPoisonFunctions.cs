using Invitations.Hosting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.Email;

/// <summary>
/// Operations: after fixing the cause, move poisoned email jobs (<c>{EmailQueueName}-poison</c>) back to the queue,
/// optionally only one account's. Operators only (<see cref="ApiEndpoint.RunAsOperatorAsync"/>).
/// </summary>
public sealed class EmailPoisonFunctions(ApiEndpoint endpoint, EmailPoisonReplayer replayer)
{
    public const string Route = "ops/email-poison/replay";
    public const int MaxMessagesPerCall = 1000;

    [Function(nameof(ReplayEmailPoison))]
    public Task<IActionResult> ReplayEmailPoison(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request) =>
        endpoint.RunAsOperatorAsync(request, async (_, ct) =>
        {
            // The body is optional: no body replays every account's jobs.
            var body = await ApiRequest.ReadOptionalJsonAsync<ReplayEmailPoisonRequest>(request, ct);
            var result = await replayer.ReplayAsync(body.AccountId, MaxMessagesPerCall, ct);
            return new ApiJsonResult(new ReplayEmailPoisonResponse(result.Moved, result.Skipped));
        });
}
