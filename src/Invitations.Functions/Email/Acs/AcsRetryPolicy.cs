using Azure.Core;
using Azure.Core.Pipeline;

namespace Invitations.Email.Acs;

/// <summary>
/// Azure.Core's retry policy (exponential back-off with jitter), except that it gives up at once when the server
/// asks for a wait longer than <c>maxDelay</c>: Azure.Core would otherwise sleep for any Retry-After of a 5xx
/// inside the function. The caller sees the response as a transient failure and the queue retries later.
/// </summary>
internal sealed class AcsRetryPolicy(int maxRetries, TimeSpan delay, TimeSpan maxDelay, TimeProvider timeProvider)
    : RetryPolicy(maxRetries, DelayStrategy.CreateExponentialDelayStrategy(delay, maxDelay))
{
    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        !AsksForTooLong(message, exception) && base.ShouldRetry(message, exception);

    protected override async ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        !AsksForTooLong(message, exception) && await base.ShouldRetryAsync(message, exception).ConfigureAwait(false);

    private bool AsksForTooLong(HttpMessage message, Exception? exception) =>
        exception is null &&
        message.HasResponse &&
        AcsRetryAfter.From(message.Response, timeProvider.GetUtcNow()) is { } wait &&
        wait > maxDelay;
}
