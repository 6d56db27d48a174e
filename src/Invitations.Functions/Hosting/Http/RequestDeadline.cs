using System.Globalization;
using Invitations.Invitations;
using Microsoft.Extensions.Options;

namespace Invitations.Hosting.Http;

/// <summary>
/// Starts the deadline of one request (<see cref="ApiOptions.RequestDeadline"/>, on the app's TimeProvider) and says
/// what to answer when it passes. Handlers get its token; storage calls cancel with it, and every write is one
/// all-or-nothing transaction, so a request stopped by its deadline has written all of its change or none of it.
/// </summary>
public sealed class RequestDeadline(IOptions<ApiOptions> options, TimeProvider time)
{
    public const int RetryAfterSeconds = 10;

    public TimeSpan Duration => options.Value.RequestDeadline;

    /// <summary>A time budget for work that stops by itself (a manual sweep) and still has to write its result in time.</summary>
    public TimeSpan WorkBudget => Duration / 2;

    /// <summary>Cancels when the deadline passes or the caller goes away.</summary>
    public Scope Start(CancellationToken requestAborted) => new(new CancellationTokenSource(Duration, time), requestAborted);

    public static ApiJsonResult Exceeded(string path) =>
        ProblemCatalog.Result(ErrorCodes.ServiceUnavailable, path,
                "The request did not complete in time. Nothing was half-done: the change was made completely or not at all; a retry with the same Idempotency-Key is safe.")
            .WithHeader("Retry-After", RetryAfterSeconds.ToString(CultureInfo.InvariantCulture));

    public sealed class Scope : IDisposable
    {
        private readonly CancellationTokenSource _timer;
        private readonly CancellationTokenSource _linked;

        internal Scope(CancellationTokenSource timer, CancellationToken requestAborted)
        {
            _timer = timer;
            _linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, requestAborted);
        }

        public CancellationToken Token => _linked.Token;

        /// <summary>The deadline passed (as opposed to the caller going away).</summary>
        public bool HasPassed => _timer.IsCancellationRequested;

        public void Dispose()
        {
            _linked.Dispose();
            _timer.Dispose();
        }
    }
}
