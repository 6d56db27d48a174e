using Invitations.Hosting.Http;
using Invitations.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Invitations.Expiry;

/// <summary>
/// What operations staff see of the sweep: run records, and a run (or dry run) on demand. Through the shared
/// request pipeline (<see cref="ApiEndpoint"/>: bearer token, problem mapping), plus the ops role
/// (<c>Auth__OpsRole</c>), which account admins do not have.
/// </summary>
public sealed class ExpiryRunsFunctions(ApiEndpoint endpoint, IOptions<AuthOptions> auth, ExpiryRunStore runs, ExpirySweeper sweeper)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    private const string Route = "ops/expiry-runs";

    [Function(nameof(ListExpiryRuns))]
    public Task<IActionResult> ListExpiryRuns(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request) =>
        RunAsOpsAsync(request, async ct =>
        {
            var pageSize = DefaultPageSize;
            if (request.Query["pageSize"].ToString() is { Length: > 0 } raw &&
                (!int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pageSize) ||
                 pageSize is < 1 or > MaxPageSize))
            {
                throw ApiException.Validation("pageSize", $"Must be a whole number from 1 to {MaxPageSize}.");
            }

            var token = request.Query["continuationToken"].ToString() is { Length: > 0 } t ? t : null;
            var (items, next) = await runs.ListAsync(pageSize, token, ct);
            return new ApiJsonResult(new ExpiryRunPage(items, next));
        });

    [Function(nameof(GetExpiryRun))]
    public Task<IActionResult> GetExpiryRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route + "/{runId}")] HttpRequest request, string runId) =>
        RunAsOpsAsync(request, async ct =>
            await runs.GetAsync(runId, ct) is { } run
                ? new ApiJsonResult(run)
                : throw new ApiException(new ApiProblem("expiry-run-not-found", StatusCodes.Status404NotFound, "No expiry run has this id.")));

    [Function(nameof(StartExpiryRun))]
    public Task<IActionResult> StartExpiryRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request) =>
        RunAsOpsAsync(request, async ct =>
        {
            // The body is optional: no body is a real run.
            var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
            var body = hasBody ? await ApiRequest.ReadJsonAsync<StartExpiryRunRequest>(request, ct) : new StartExpiryRunRequest();

            var report = await sweeper.RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Manual, DryRun: body.DryRun), ct);
            if (report.Run.Outcome == ExpiryRunOutcomes.LockedOut)
            {
                throw new ApiException(new ApiProblem("expiry-run-in-progress", StatusCodes.Status409Conflict, "Another expiry run is in progress.", report.Run.Detail)
                {
                    Extensions = new Dictionary<string, object?> { ["runId"] = report.Run.Id },
                });
            }

            return report.Run.DryRun
                ? new ApiJsonResult(new ExpiryRunResponse(report.Run, report.WouldExpire))
                : new ApiJsonResult(new ExpiryRunResponse(report.Run, null), StatusCodes.Status201Created)
                    .WithHeader("Location", $"/api/{Route}/{report.Run.Id}");
        });

    private Task<IActionResult> RunAsOpsAsync(HttpRequest request, Func<CancellationToken, Task<IActionResult>> handler) =>
        endpoint.RunAuthenticatedAsync(request, (caller, ct) =>
            caller.Roles.Contains(auth.Value.OpsRole)
                ? handler(ct)
                : throw new ApiException(new ApiProblem("forbidden", StatusCodes.Status403Forbidden, "The operations role is required.")));
}

public sealed record StartExpiryRunRequest
{
    public bool DryRun { get; init; }
}

/// <summary>A page of runs; like the invitation list, <c>continuationToken</c> is null on the last page.</summary>
public sealed record ExpiryRunPage(
    IReadOnlyList<ExpiryRunRecord> Items,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] string? ContinuationToken);

/// <summary>The run, and for a dry run what it would expire (at most <see cref="ExpirySweeper.MaxListedCandidates"/>).</summary>
public sealed record ExpiryRunResponse(ExpiryRunRecord Run, IReadOnlyList<ExpiryCandidate>? WouldExpire);
