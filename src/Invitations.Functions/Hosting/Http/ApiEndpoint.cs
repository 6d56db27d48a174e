using System.Globalization;
using Azure;
using Invitations.Accounts;
using Invitations.Invitations;
using Invitations.Limits;
using Invitations.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Hosting.Http;

/// <summary>
/// The one request pipeline every HTTP function runs through: authenticate → authorize → handler, and every
/// exception mapped to problem+json here and nowhere else (codes to statuses: <see cref="ProblemCatalog"/>). It runs
/// inside the function, so the guard is the same in Azure and in the local host (the Functions authorization level is
/// Anonymous on purpose; see docs/api.md).
/// </summary>
public sealed partial class ApiEndpoint(BearerTokenValidator tokens, IOptions<AuthOptions> auth, RequestDeadline deadlines, LimitRefusals limits, ILogger<ApiEndpoint> logger)
{
    /// <summary>
    /// No caller needed (the invitee's preview). Still goes through the same error mapping. <paramref name="instance"/>
    /// replaces the request path in problems and logs when the path holds a secret (a link token).
    /// </summary>
    public Task<IActionResult> RunAnonymousAsync(HttpRequest request, Func<CancellationToken, Task<IActionResult>> handler, string? instance = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return RunAsync(request, (_, ct) => handler(ct), Requirement.None, accountId: null, instance);
    }

    /// <summary>Any valid bearer token (the invitee accepting).</summary>
    public Task<IActionResult> RunAuthenticatedAsync(HttpRequest request, Func<CallerIdentity, CancellationToken, Task<IActionResult>> handler) =>
        RunAsync(request, handler, Requirement.Caller, accountId: null, instance: null);

    /// <summary>An admin of <paramref name="accountId"/>: the admin app role and the account in the account claim.</summary>
    public Task<IActionResult> RunAsAccountAdminAsync(
        HttpRequest request, string accountId, Func<CallerIdentity, CancellationToken, Task<IActionResult>> handler) =>
        RunAsync(request, handler, Requirement.AccountAdmin, accountId ?? "", instance: null);

    /// <summary>Operations staff: the ops app role (<c>Auth__OpsRole</c>), which account admins do not have.</summary>
    public Task<IActionResult> RunAsOperatorAsync(HttpRequest request, Func<CallerIdentity, CancellationToken, Task<IActionResult>> handler) =>
        RunAsync(request, handler, Requirement.Operator, accountId: null, instance: null);

    /// <summary>Parses an invitation id from a route; anything else is a 404 (no such invitation), never a 500.</summary>
    public static Guid ParseInvitationId(string? value) =>
        Guid.TryParseExact(value, "D", out var id) || Guid.TryParseExact(value, "N", out id) ? id : throw new InvitationNotFoundException();

    private enum Requirement
    {
        None,
        Caller,
        AccountAdmin,
        Operator,
    }

    private async Task<IActionResult> RunAsync(
        HttpRequest request,
        Func<CallerIdentity, CancellationToken, Task<IActionResult>> handler,
        Requirement requirement,
        string? accountId,
        string? instance)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        var path = instance ?? request.Path.Value ?? "";
        var ct = request.HttpContext.RequestAborted;
        // Responses carry invitation links and personal data: never cache them in shared caches.
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        // A browser portal may read these only if exposed (platform CORS settings cannot add them).
        request.HttpContext.Response.Headers.AccessControlExposeHeaders = "Location, Retry-After, Idempotent-Replayed, WWW-Authenticate";
        // A redacted instance means the URL holds a secret (see RunAnonymousAsync).
        SecurityHeaders.Apply(request.HttpContext.Response, urlHoldsSecret: instance is not null);
        using var deadline = deadlines.Start(ct);

        try
        {
            CallerIdentity? caller = null;
            if (requirement != Requirement.None)
            {
                var outcome = await tokens.AuthenticateAsync(request.Headers.Authorization.ToString());
                if (!outcome.Succeeded)
                {
                    return Unauthorized(path, outcome.TokenPresent);
                }

                caller = outcome.Caller!;
            }

            if (requirement == Requirement.AccountAdmin)
            {
                if (!AccountIds.IsValid(accountId))
                {
                    throw new ValidationFailedException("accountId", "Not a valid account id.");
                }

                if (!caller!.IsAdminOf(accountId!, auth.Value.AdminRole))
                {
                    LogForbidden(logger, caller.UserId, accountId!);
                    throw new DomainException(ErrorCodes.Forbidden, "You are not an admin of this account.");
                }
            }

            if (requirement == Requirement.Operator && !caller!.Roles.Contains(auth.Value.OpsRole))
            {
                LogNotOperator(logger, caller.UserId);
                throw new DomainException(ErrorCodes.Forbidden, "The operations role is required.");
            }

            return await handler(caller!, deadline.Token);
        }
        catch (Exception ex) when (deadline.HasPassed && !ct.IsCancellationRequested)
        {
            LogDeadlinePassed(logger, ex.GetType().Name, path, deadlines.Duration.TotalSeconds);
            return RequestDeadline.Exceeded(path);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            return Answer(ex, path, accountId);
        }
    }

    /// <summary>
    /// The answer to a failure, as every function's failure is answered (a limit refusal is also counted for the
    /// account); public for answers that carry several results, such as a bulk request's rows.
    /// </summary>
    public ApiJsonResult Answer(Exception exception, string path, string? accountId)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is DomainException refusal && LimitRefusals.IsLimit(refusal.Code) && accountId is not null)
        {
            limits.Record(accountId, refusal.Code);
        }

        return Map(exception, path);
    }

    /// <summary>The one exception → problem mapping.</summary>
    private ApiJsonResult Map(Exception exception, string path)
    {
        switch (exception)
        {
            case DomainException domain when ProblemCatalog.Find(domain.Code) is not null:
            {
                if (domain.Code == InvitationErrorCodes.Conflict)
                {
                    LogConflict(logger, path);
                }

                var extensions = domain.Details.Count > 0 ? new Dictionary<string, object?>(domain.Details, StringComparer.Ordinal) : null;

                // A limit says when to try again as problem members, never as a Retry-After header: standard client
                // pipelines (Kiota, Polly, Microsoft.Extensions.Http.Resilience) would wait on it and retry (docs/api.md).
                if (domain.RetryAfter is { } retryAfter)
                {
                    (extensions ??= new Dictionary<string, object?>(StringComparer.Ordinal))["retryAfterSeconds"] = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
                }

                if (domain.RetryAt is { } retryAt)
                {
                    (extensions ??= new Dictionary<string, object?>(StringComparer.Ordinal))["retryAt"] = retryAt.UtcDateTime;
                }

                var problem = ProblemCatalog.Problem(domain.Code, domain.Message) with
                {
                    Errors = (domain as ValidationFailedException)?.Errors,
                    Extensions = extensions,
                };
                return Result(problem, path);
            }

            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge:
                return Result(ProblemCatalog.Problem(ErrorCodes.PayloadTooLarge), path);

            case BadHttpRequestException:
                return Map(new ValidationFailedException("$", "The request could not be read."), path);

            case Exception outage when IsStorageOutage(outage):
                // Storage is down or unreachable: say so and when to retry, rather than a bare 500.
                LogStorageUnavailable(logger, outage, path);
                return Result(ProblemCatalog.Problem(ErrorCodes.ServiceUnavailable, "The service cannot reach its storage right now."), path)
                    .WithHeader("Retry-After", StorageRetryAfterSeconds.ToString(CultureInfo.InvariantCulture));

            default:
                // Details stay in the log (exception type and stack; our exceptions never hold secrets). A domain code
                // missing from the table lands here too: a bug, and the tests check every code is in it.
                LogUnexpected(logger, exception, path);
                return Result(ProblemCatalog.Problem(ErrorCodes.InternalError), path);
        }
    }

    private const int StorageRetryAfterSeconds = 10;

    private static ApiJsonResult Result(ApiProblem problem, string instance) =>
        new(problem with { Instance = instance }, problem.Status, ApiProblem.ContentType);

    /// <summary>
    /// A storage call that failed for want of storage (no answer, or a 5xx), after the SDK's own retries; Azure.Core
    /// throws an AggregateException of the attempts when every retry failed.
    /// </summary>
    private static bool IsStorageOutage(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or >= 500,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsStorageOutage),
        _ => false,
    };

    private static ApiJsonResult Unauthorized(string path, bool tokenPresent) =>
        Result(ProblemCatalog.Problem(ErrorCodes.Unauthorized), path)
            .WithHeader("WWW-Authenticate", tokenPresent ? "Bearer error=\"invalid_token\"" : "Bearer");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Caller {UserId} is not an admin of account {AccountId}")]
    private static partial void LogForbidden(ILogger logger, string userId, string accountId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Caller {UserId} lacks the operations role")]
    private static partial void LogNotOperator(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Concurrent change on {Path}; answered 409 conflict")]
    private static partial void LogConflict(ILogger logger, string? path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable on {Path}; answered 503")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request deadline of {DeadlineSeconds} s passed on {Path} ({ExceptionType}); answered 503")]
    private static partial void LogDeadlinePassed(ILogger logger, string exceptionType, string path, double deadlineSeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure on {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string? path);
}
