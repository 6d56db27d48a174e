using System.Globalization;

namespace Invitations.TestSupport.Acs;

/// <summary>What the test server answers to the next <c>emails:send</c> (scripts are used in order, one per POST).</summary>
public sealed class AcsScriptedResponse
{
    private AcsScriptedResponse(int status, string? errorCode = null, string? errorMessage = null)
    {
        Status = status;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
    }

    public int Status { get; private init; }

    public string? ErrorCode { get; private init; }

    public string? ErrorMessage { get; private init; }

    public IReadOnlyDictionary<string, string> Headers { get; private init; } = new Dictionary<string, string>();

    /// <summary>Wait this long before answering (a slow service; clients with a shorter timeout give up).</summary>
    public TimeSpan Delay { get; private init; }

    /// <summary>Accept the email (count it) but answer <see cref="Status"/>: the client never learns it was accepted.</summary>
    public bool AcceptButLoseResponse { get; private init; }

    /// <summary>The same answer with one more response header.</summary>
    public AcsScriptedResponse WithHeader(string name, string value) => new(Status, ErrorCode, ErrorMessage)
    {
        Headers = new Dictionary<string, string>(Headers) { [name] = value },
        Delay = Delay,
        AcceptButLoseResponse = AcceptButLoseResponse,
    };

    /// <summary>The normal path: accept (or de-duplicate) and answer 202.</summary>
    public static AcsScriptedResponse Accepted() => new(202);

    public static AcsScriptedResponse Throttled(TimeSpan retryAfter) => new(429, "TooManyRequests", "Too many requests.")
    {
        Headers = new Dictionary<string, string> { ["Retry-After"] = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture) },
    };

    public static AcsScriptedResponse ThrottledUntil(DateTimeOffset at) => new(429, "TooManyRequests", "Too many requests.")
    {
        Headers = new Dictionary<string, string> { ["Retry-After"] = at.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture) },
    };

    public static AcsScriptedResponse ThrottledMilliseconds(int milliseconds) => new(429, "TooManyRequests", "Too many requests.")
    {
        Headers = new Dictionary<string, string> { ["retry-after-ms"] = milliseconds.ToString(CultureInfo.InvariantCulture) },
    };

    public static AcsScriptedResponse BadRequest(string code = "InvalidRecipientAddress", string message = "The recipient address is not valid.") =>
        new(400, code, message);

    public static AcsScriptedResponse Forbidden(string code = "DomainNotLinked", string message = "The sender domain is not linked to this resource.") =>
        new(403, code, message);

    public static AcsScriptedResponse NotFound(string code = "DomainNotFound", string message = "The sender domain was not found.") =>
        new(404, code, message);

    public static AcsScriptedResponse ServerError(int status = 500) => new(status, "InternalServerError", "Something went wrong.");

    public static AcsScriptedResponse AcceptedButLost(int status = 500) => new(status, "InternalServerError", "Lost response.") { AcceptButLoseResponse = true };

    public static AcsScriptedResponse Slow(TimeSpan delay, AcsScriptedResponse? then = null)
    {
        var inner = then ?? Accepted();
        return new AcsScriptedResponse(inner.Status, inner.ErrorCode, inner.ErrorMessage)
        {
            Headers = inner.Headers,
            AcceptButLoseResponse = inner.AcceptButLoseResponse,
            Delay = delay,
        };
    }
}
