using Invitations.Hosting.Http;
using Invitations.Invitations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.Expiry;

/// <summary>
/// What operations staff see of the sweep: run records, and a run (or dry run) on demand. Operators only
/// (<see cref="ApiEndpoint.RunAsOperatorAsync"/>: bearer token with the ops role, one problem mapping).
/// </summary>
public sealed class ExpiryRunsFunctions(ApiEndpoint endpoint, ExpiryRunStore runs, ExpirySweeper sweeper, RequestDeadline deadline)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    private const string Route = "ops/expiry-runs";

    [Function(nameof(ListExpiryRuns))]
    public Task<IActionResult> ListExpiryRuns(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request) =>
        endpoint.RunAsOperatorAsync(request, async (_, ct) =>
        {
            var (items, next) = await runs.ListAsync(
                ApiQuery.PageSize(request, DefaultPageSize, MaxPageSize), ApiQuery.Optional(request, "continuationToken"), ct);
            return new ApiJsonResult(new ExpiryRunPage(items, next));
        });

    [Function(nameof(GetExpiryRun))]
    public Task<IActionResult> GetExpiryRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route + "/{runId}")] HttpRequest request, string runId) =>
        endpoint.RunAsOperatorAsync(request, async (_, ct) =>
            new ApiJsonResult(await runs.GetAsync(runId, ct) ?? throw new DomainException(ErrorCodes.ExpiryRunNotFound, "No expiry run has this id.")));

    [Function(nameof(StartExpiryRun))]
    public Task<IActionResult> StartExpiryRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request) =>
        endpoint.RunAsOperatorAsync(request, async (_, ct) =>
        {
            // The body is optional: no body is a real run.
            var body = await ApiRequest.ReadOptionalJsonAsync<StartExpiryRunRequest>(request, ct);

            // Half the request deadline: the run stops taking items in time to record itself and answer.
            var report = await sweeper.RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Manual, DryRun: body.DryRun, MaxDuration: deadline.WorkBudget), ct);
            if (report.Run.Outcome == ExpiryRunOutcomes.LockedOut)
            {
                throw new DomainException(ErrorCodes.ExpiryRunInProgress, report.Run.Detail ?? "Another expiry run is in progress.")
                {
                    Details = { ["runId"] = report.Run.Id },
                };
            }

            return report.Run.DryRun
                ? new ApiJsonResult(new ExpiryRunResponse(report.Run, report.WouldExpire))
                : new ApiJsonResult(new ExpiryRunResponse(report.Run, null), StatusCodes.Status201Created)
                    .WithHeader("Location", ApiRoutes.PathOf($"{Route}/{report.Run.Id}"));
        });
}
