using System.Collections.Frozen;
using Invitations.Invitations;
using Microsoft.AspNetCore.Http;

namespace Invitations.Hosting.Http;

/// <summary>
/// The one table from error codes (thrown by services as <see cref="DomainException"/>s, or decided here at the edge)
/// to HTTP statuses and problem types. docs/api.md and docs/openapi.json list the same codes.
/// </summary>
public static class ProblemCatalog
{
    private static readonly FrozenDictionary<string, ProblemKind> Kinds = new ProblemKind[]
    {
        new(InvitationErrorCodes.ValidationFailed, StatusCodes.Status400BadRequest, "The request is not valid."),
        new(ErrorCodes.InvalidEvents, StatusCodes.Status400BadRequest, "The body is not an Event Grid event array."),
        new(ErrorCodes.Unauthorized, StatusCodes.Status401Unauthorized, "A valid bearer token is required."),
        new(ErrorCodes.Forbidden, StatusCodes.Status403Forbidden, "You may not do this."),
        new(InvitationErrorCodes.EmailMismatch, StatusCodes.Status403Forbidden, "This invitation is for a different email address."),
        new(InvitationErrorCodes.EmailNotVerified, StatusCodes.Status403Forbidden, "Your sign-in does not carry a verified email address."),
        new(InvitationErrorCodes.NotFound, StatusCodes.Status404NotFound, "No such invitation."),
        new(InvitationErrorCodes.InvalidToken, StatusCodes.Status404NotFound, "The invitation link is not valid."),
        new(ErrorCodes.ExpiryRunNotFound, StatusCodes.Status404NotFound, "No expiry run has this id."),
        new(InvitationErrorCodes.Expired, StatusCodes.Status409Conflict, "The invitation has expired."),
        new(InvitationErrorCodes.Accepted, StatusCodes.Status409Conflict, "The invitation was already accepted."),
        new(InvitationErrorCodes.Revoked, StatusCodes.Status409Conflict, "The invitation was revoked."),
        new(InvitationErrorCodes.Superseded, StatusCodes.Status409Conflict, "A newer invitation replaced this link."),
        new(InvitationErrorCodes.AlreadyInvited, StatusCodes.Status409Conflict, "This address already has an open invitation."),
        new(InvitationErrorCodes.AcceptedByAnotherUser, StatusCodes.Status409Conflict, "The invitation was accepted by someone else."),
        new(InvitationErrorCodes.Conflict, StatusCodes.Status409Conflict, "The invitation was changed at the same time."),
        // Limits are business refusals, not transient throttling: 409, so generated clients return them at once (docs/api.md).
        new(InvitationErrorCodes.InvitationEmailLimitReached, StatusCodes.Status409Conflict, "This invitation has sent as many emails as allowed for now."),
        new(InvitationErrorCodes.AccountEmailLimitReached, StatusCodes.Status409Conflict, "This account has sent as many invitation emails as allowed today."),
        // Email delivery only: never an HTTP answer, but every code has a row (the tests check it).
        new(InvitationErrorCodes.SendClaimed, StatusCodes.Status409Conflict, "Another delivery of this email claimed it first."),
        new(ErrorCodes.ExpiryRunInProgress, StatusCodes.Status409Conflict, "Another expiry run is in progress."),
        new(ErrorCodes.PayloadTooLarge, StatusCodes.Status413PayloadTooLarge, "The body is too large."),
        new(ErrorCodes.UnsupportedMediaType, StatusCodes.Status415UnsupportedMediaType, "Send the body as application/json."),
        new(ErrorCodes.IdempotencyKeyReused, StatusCodes.Status422UnprocessableEntity, "This Idempotency-Key was already used with a different body."),
        new(ErrorCodes.InternalError, StatusCodes.Status500InternalServerError, "Something went wrong on our side."),
        new(ErrorCodes.ServiceUnavailable, StatusCodes.Status503ServiceUnavailable, "The service is unavailable right now. Try again shortly."),
    }.ToFrozenDictionary(kind => kind.Code, StringComparer.Ordinal);

    public static IReadOnlyCollection<ProblemKind> All => Kinds.Values;

    /// <summary>The kind of <paramref name="code"/>; null for a code nobody put in the table (a bug the tests catch).</summary>
    public static ProblemKind? Find(string code) => Kinds.GetValueOrDefault(code);

    public static ProblemKind Get(string code) =>
        Find(code) ?? throw new ArgumentOutOfRangeException(nameof(code), code, "No problem kind has this code.");

    /// <summary>A problem of <paramref name="code"/>; <paramref name="detail"/> is dropped when it only repeats the title.</summary>
    public static ApiProblem Problem(string code, string? detail = null)
    {
        var kind = Get(code);
        return new ApiProblem(kind.Code, kind.Status, kind.Title, detail == kind.Title ? null : detail);
    }

    /// <summary>The problem+json answer of <paramref name="code"/> at <paramref name="instance"/>, for an edge that answers it directly.</summary>
    public static ApiJsonResult Result(string code, string instance, string? detail = null)
    {
        var problem = Problem(code, detail) with { Instance = instance };
        return new ApiJsonResult(problem, problem.Status, ApiProblem.ContentType);
    }
}
