using System.Globalization;
using Azure;
using System.Text.RegularExpressions;
using Invitations.Invitations;
using Invitations.Security;
using Invitations.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Hosting.Http;

/// <summary>
/// The one request pipeline every HTTP function runs through: authenticate → authorize → handler, and every
/// exception mapped to problem+json here and nowhere else. It runs inside the function, so the guard is the same
/// in Azure and in the local host (the Functions authorization level is Anonymous on purpose; see docs/api.md).
/// </summary>
public sealed partial class ApiEndpoint(BearerTokenValidator tokens, IOptions<AuthOptions> auth, ILogger<ApiEndpoint> logger)
{
    public const int MaxAccountIdLength = 64;

    /// <summary>
    /// No caller needed (the invitee's preview). Still goes through the same error mapping. <paramref name="instance"/>
    /// replaces the request path in problems and logs when the path holds a secret (a link token).
    /// </summary>
    public Task<IActionResult> RunAnonymousAsync(HttpRequest request, Func<CancellationToken, Task<IActionResult>> handler, string? instance = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return RunAsync(request, (_, ct) => handler(ct), requireCaller: false, accountId: null, instance);
    }

    /// <summary>Any valid bearer token (the invitee accepting).</summary>
    public Task<IActionResult> RunAuthenticatedAsync(HttpRequest request, Func<CallerIdentity, CancellationToken, Task<IActionResult>> handler) =>
        RunAsync(request, handler, requireCaller: true, accountId: null, instance: null);

    /// <summary>An admin of <paramref name="accountId"/>: the admin app role and the account in the account claim.</summary>
    public Task<IActionResult> RunAsAccountAdminAsync(
        HttpRequest request, string accountId, Func<CallerIdentity, CancellationToken, Task<IActionResult>> handler) =>
        RunAsync(request, handler, requireCaller: true, accountId: accountId ?? "", instance: null);

    /// <summary>Account ids are partition keys: a conservative alphabet keeps them valid and unambiguous.</summary>
    public static bool IsValidAccountId(string? accountId) => accountId is not null && AccountIdPattern().IsMatch(accountId);

    /// <summary>Parses an invitation id from a route; anything else is a 404 (no such invitation), never a 500.</summary>
    public static Guid ParseInvitationId(string? value) =>
        Guid.TryParseExact(value, "D", out var id) || Guid.TryParseExact(value, "N", out id) ? id : throw ApiException.NotFound();

    private async Task<IActionResult> RunAsync(
        HttpRequest request,
        Func<CallerIdentity, CancellationToken, Task<IActionResult>> handler,
        bool requireCaller,
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

        try
        {
            CallerIdentity? caller = null;
            if (requireCaller)
            {
                var outcome = await tokens.AuthenticateAsync(request.Headers.Authorization.ToString());
                if (!outcome.Succeeded)
                {
                    return Unauthorized(path, outcome.TokenPresent);
                }

                caller = outcome.Caller!;
            }

            if (accountId is not null)
            {
                if (!IsValidAccountId(accountId))
                {
                    throw ApiException.Validation("accountId", "Not a valid account id.");
                }

                if (!caller!.IsAdminOf(accountId, auth.Value.AdminRole))
                {
                    LogForbidden(logger, caller.UserId, accountId);
                    throw new ApiException(new ApiProblem("forbidden", StatusCodes.Status403Forbidden,
                        "You are not an admin of this account."));
                }
            }

            return await handler(caller!, ct);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            return Map(ex, path);
        }
    }

    /// <summary>The one exception → problem mapping; public for answers that carry several results (a bulk request's rows).</summary>
    public ApiJsonResult Map(Exception exception, string path)
    {
        switch (exception)
        {
            case ApiException api:
                return api.Problem.ToResult(path);

            case InvitationRuleException rule:
            {
                var status = StatusOf(rule.Code);
                var extensions = new Dictionary<string, object?>();
                if (rule.Data["invitationId"] is Guid existing)
                {
                    extensions["invitationId"] = existing;
                }

                var problem = new ApiProblem(rule.Code, status, TitleOf(rule.Code), rule.Message);
                if (rule.RetryAfter is { } retryAfter)
                {
                    var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
                    extensions["retryAfterSeconds"] = seconds;
                    problem = problem with { Extensions = extensions };
                    return problem.ToResult(path).WithHeader("Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
                }

                return (extensions.Count > 0 ? problem with { Extensions = extensions } : problem).ToResult(path);
            }

            case ConcurrencyConflictException conflict:
                LogConflict(logger, path);
                return new ApiProblem(InvitationErrorCodes.Conflict, StatusCodes.Status409Conflict, TitleOf(InvitationErrorCodes.Conflict), conflict.Message).ToResult(path);

            case InvalidContinuationTokenException:
                return ApiException.Validation("continuationToken", "Not a continuation token this API issued.").Problem.ToResult(path);

            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge:
                return new ApiProblem("payload-too-large", StatusCodes.Status413PayloadTooLarge, "The body is too large.").ToResult(path);

            case BadHttpRequestException:
                return ApiException.Validation("$", "The request could not be read.").Problem.ToResult(path);

            case Exception outage when IsStorageOutage(outage):
                // Storage is down or unreachable: say so and when to retry, rather than a bare 500.
                LogStorageUnavailable(logger, outage, path);
                return new ApiProblem("service-unavailable", StatusCodes.Status503ServiceUnavailable,
                        "The service cannot reach its storage right now. Try again shortly.")
                    .ToResult(path)
                    .WithHeader("Retry-After", StorageRetryAfterSeconds.ToString(CultureInfo.InvariantCulture));

            default:
                // Details stay in the log (exception type and stack; our exceptions never hold secrets).
                LogUnexpected(logger, exception, path);
                return new ApiProblem("internal-error", StatusCodes.Status500InternalServerError, "Something went wrong on our side.").ToResult(path);
        }
    }

    private const int StorageRetryAfterSeconds = 10;

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
        new ApiProblem("unauthorized", StatusCodes.Status401Unauthorized, "A valid bearer token is required.")
            .ToResult(path)
            .WithHeader("WWW-Authenticate", tokenPresent ? "Bearer error=\"invalid_token\"" : "Bearer");

    /// <summary>The one table from rule codes to HTTP statuses.</summary>
    public static int StatusOf(string code) => code switch
    {
        InvitationErrorCodes.ValidationFailed => StatusCodes.Status400BadRequest,
        InvitationErrorCodes.EmailMismatch => StatusCodes.Status403Forbidden,
        InvitationErrorCodes.NotFound or InvitationErrorCodes.InvalidToken => StatusCodes.Status404NotFound,
        InvitationErrorCodes.ResendLimitReached => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status409Conflict,
    };

    private static string TitleOf(string code) => code switch
    {
        InvitationErrorCodes.Expired => "The invitation has expired.",
        InvitationErrorCodes.Accepted => "The invitation was already accepted.",
        InvitationErrorCodes.Revoked => "The invitation was revoked.",
        InvitationErrorCodes.Superseded => "A newer invitation replaced this link.",
        InvitationErrorCodes.InvalidToken => "The invitation link is not valid.",
        InvitationErrorCodes.AlreadyInvited => "This address already has an open invitation.",
        InvitationErrorCodes.AcceptedByAnotherUser => "The invitation was accepted by someone else.",
        InvitationErrorCodes.EmailMismatch => "This invitation is for a different email address.",
        InvitationErrorCodes.ResendLimitReached => "Too many resends for this invitation.",
        InvitationErrorCodes.Conflict => "The invitation was changed at the same time.",
        InvitationErrorCodes.NotFound => "No such invitation.",
        _ => "The request could not be completed.",
    };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex AccountIdPattern();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Caller {UserId} is not an admin of account {AccountId}")]
    private static partial void LogForbidden(ILogger logger, string userId, string accountId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Concurrent change on {Path}; answered 409 conflict")]
    private static partial void LogConflict(ILogger logger, string? path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable on {Path}; answered 503")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure on {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string? path);
}
