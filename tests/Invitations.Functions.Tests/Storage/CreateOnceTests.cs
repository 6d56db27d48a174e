using Invitations.Storage;

namespace Invitations.Tests.Storage;

public sealed class CreateOnceTests
{
    [Fact]
    public async Task Concurrent_callers_share_one_creation()
    {
        var calls = 0;
        var gate = new TaskCompletionSource();
        var once = new CreateOnce(async () =>
        {
            Interlocked.Increment(ref calls);
            await gate.Task;
        });

        var waiting = Enumerable.Range(0, 10).Select(_ => once.EnsureAsync(CancellationToken.None)).ToArray();
        gate.SetResult();
        await Task.WhenAll(waiting);
        await once.EnsureAsync(CancellationToken.None);

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_failed_creation_is_tried_again_by_the_next_caller()
    {
        var calls = 0;
        var once = new CreateOnce(() => Interlocked.Increment(ref calls) == 1
            ? Task.FromException(new InvalidOperationException("storage down"))
            : Task.CompletedTask);

        await Assert.ThrowsAsync<InvalidOperationException>(() => once.EnsureAsync(CancellationToken.None));
        await once.EnsureAsync(CancellationToken.None);

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task One_callers_cancellation_does_not_cancel_the_creation_for_others()
    {
        var calls = 0;
        var gate = new TaskCompletionSource();
        var once = new CreateOnce(async () =>
        {
            Interlocked.Increment(ref calls);
            await gate.Task;
        });
        using var cancelled = new CancellationTokenSource();

        var first = once.EnsureAsync(cancelled.Token);
        var second = once.EnsureAsync(CancellationToken.None);
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        gate.SetResult();
        await second;

        Assert.Equal(1, calls);
    }
}
