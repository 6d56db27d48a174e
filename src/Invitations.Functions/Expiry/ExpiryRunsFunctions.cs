using System.Text.Json;
using Invitations.Hosting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.Expiry;

/// <summary>What operations staff see of the sweep: run records, and a run (or dry run) on demand.</summary>
public sealed class ExpiryRunsFunctions(IOpsRequestGuard guard, ExpiryRunStore runs, ExpirySweeper sweeper)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    [Function(nameof(ListExpiryRuns))]
    public async Task<IActionResult> ListExpiryRuns(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ops/expiry-runs")] HttpRequest request,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await guard.RequireOpsAsync(request, ct) is { } denied)
        {
            return denied;
        }

        var pageSize = DefaultPageSize;
        if (request.Query.TryGetValue("pageSize", out var raw) &&
            (!int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pageSize) ||
             pageSize is < 1 or > MaxPageSize))
        {
            return Invalid(request, "pageSize", $"pageSize must be a whole number from 1 to {MaxPageSize}.");
        }

        var token = request.Query.TryGetValue("continuationToken", out var t) ? t.ToString() : null;
        IReadOnlyList<ExpiryRunRecord> items;
        string? next;
        try
        {
            (items, next) = await runs.ListAsync(pageSize, string.IsNullOrEmpty(token) ? null : token, ct);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or Azure.RequestFailedException { Status: 400 })
        {
            return Invalid(request, "continuationToken", "continuationToken is not one this API returned.");
        }

        return new ApiJsonResult(new ExpiryRunPage(items, next));
    }

    [Function(nameof(GetExpiryRun))]
    public async Task<IActionResult> GetExpiryRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ops/expiry-runs/{runId}")] HttpRequest request,
        string runId,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await guard.RequireOpsAsync(request, ct) is { } denied)
        {
            return denied;
        }

        var run = await runs.GetAsync(runId, ct);
        return run is null
            ? new ApiProblem("expiry-run-not-found", StatusCodes.Status404NotFound, "No expiry run has this id.").ToResult(request)
            : new ApiJsonResult(run);
    }

    [Function(nameof(StartExpiryRun))]
    public async Task<IActionResult> StartExpiryRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "ops/expiry-runs")] HttpRequest request,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await guard.RequireOpsAsync(request, ct) is { } denied)
        {
            return denied;
        }

        StartExpiryRunRequest? body = null;
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct);
        if (!string.IsNullOrWhiteSpace(text))
        {
            try
            {
                body = JsonSerializer.Deserialize<StartExpiryRunRequest>(text, ApiJson.Options);
            }
            catch (JsonException)
            {
                return Invalid(request, "body", "The body must be a JSON object such as {\"dryRun\": true}.");
            }
        }

        var report = await sweeper.RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Manual, DryRun: body?.DryRun ?? false), ct);
        if (report.Run.Outcome == ExpiryRunOutcomes.LockedOut)
        {
            return new ApiProblem("expiry-run-in-progress", StatusCodes.Status409Conflict, "Another expiry run is in progress.", report.Run.Detail)
            {
                Extensions = new Dictionary<string, object?> { ["runId"] = report.Run.Id },
            }.ToResult(request);
        }

        var result = new ApiJsonResult(new ExpiryRunResponse(report.Run, report.Run.DryRun ? report.WouldExpire : null),
            report.Run.DryRun ? StatusCodes.Status200OK : StatusCodes.Status201Created);
        return report.Run.DryRun ? result : result.WithHeader("Location", $"/api/ops/expiry-runs/{report.Run.Id}");
    }

    private static ApiJsonResult Invalid(HttpRequest request, string field, string message) =>
        new ApiProblem("validation-failed", StatusCodes.Status400BadRequest, "The request is not valid.", message)
        {
            Errors = new Dictionary<string, string[]> { [field] = [message] },
        }.ToResult(request);
}

public sealed record StartExpiryRunRequest(bool DryRun = false);

public sealed record ExpiryRunPage(IReadOnlyList<ExpiryRunRecord> Items, string? ContinuationToken);

/// <summary>The run, and for a dry run what it would expire (at most <see cref="ExpirySweeper.MaxListedCandidates"/>).</summary>
public sealed record ExpiryRunResponse(ExpiryRunRecord Run, IReadOnlyList<ExpiryCandidate>? WouldExpire);
