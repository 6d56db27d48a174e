using Azure.Core;

namespace Invitations.Email.Acs;

/// <summary>
/// Which responses the pipeline retries by itself: timeouts and server errors. Unlike the default, not 429:
/// a throttled send goes back to the queue for Retry-After, instead of sleeping inside the function.
/// </summary>
internal sealed class AcsResponseClassifier : ResponseClassifier
{
    public override bool IsRetriableResponse(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Response.Status is 408 or 500 or 502 or 503 or 504;
    }
}
