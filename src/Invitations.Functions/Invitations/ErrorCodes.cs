namespace Invitations.Invitations;

/// <summary>The stable codes of errors that are not invitation rules: the caller, the request, and operations.</summary>
public static class ErrorCodes
{
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string PayloadTooLarge = "payload-too-large";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string IdempotencyKeyReused = "idempotency-key-reused";
    public const string InvalidEvents = "invalid-events";
    public const string ExpiryRunNotFound = "expiry-run-not-found";
    public const string ExpiryRunInProgress = "expiry-run-in-progress";
    public const string ServiceUnavailable = "service-unavailable";
    public const string InternalError = "internal-error";
}
