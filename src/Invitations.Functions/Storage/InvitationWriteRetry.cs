using Polly;
using Polly.Retry;

namespace Invitations.Storage;

/// <summary>
/// How often the write path re-runs a change that met a concurrent one (409/412), with exponential, jittered delays
/// through the app's TimeProvider. A change re-reads and re-applies the rules on every attempt, so retrying is safe.
/// </summary>
public sealed record InvitationWriteRetry(int MaxRetryAttempts, TimeSpan BaseDelay)
{
    public static InvitationWriteRetry Default { get; } = new(MaxRetryAttempts: 6, BaseDelay: TimeSpan.FromMilliseconds(10));

    public ResiliencePipeline Build(TimeProvider time) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<ConcurrencyConflictException>(),
                MaxRetryAttempts = MaxRetryAttempts,
                Delay = BaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .Build();
}
