using Invitations.Expiry;
using Microsoft.Extensions.Time.Testing;

namespace Invitations.Tests.Expiry;

public sealed class ExpiryBudgetTests
{
    [Fact]
    public void Stops_taking_items_after_the_item_limit()
    {
        var budget = new ExpiryBudget(3, TimeSpan.FromMinutes(2), new FakeTimeProvider());

        var taken = Enumerable.Range(0, 5).Count(_ => budget.TryTake());

        Assert.Equal(3, taken);
        Assert.True(budget.Exhausted);
    }

    [Fact]
    public void Stops_taking_items_when_the_time_is_spent_and_not_a_tick_before()
    {
        var time = new FakeTimeProvider();
        var budget = new ExpiryBudget(1000, TimeSpan.FromMinutes(2), time);

        time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromTicks(1));
        Assert.True(budget.TryTake());
        Assert.False(budget.Exhausted);

        time.Advance(TimeSpan.FromTicks(1));
        Assert.False(budget.TryTake());
        Assert.True(budget.Exhausted);
    }

    [Fact]
    public void An_unspent_budget_is_not_exhausted()
    {
        var budget = new ExpiryBudget(2, TimeSpan.FromSeconds(5), new FakeTimeProvider());

        Assert.True(budget.TryTake());
        Assert.True(budget.TryTake());
        Assert.False(budget.Exhausted);
    }

    [Fact]
    public void Parallel_takers_never_exceed_the_item_limit()
    {
        var budget = new ExpiryBudget(500, TimeSpan.FromMinutes(2), new FakeTimeProvider());
        var taken = 0;

        Parallel.For(0, 2000, _ =>
        {
            if (budget.TryTake())
            {
                Interlocked.Increment(ref taken);
            }
        });

        Assert.Equal(500, taken);
    }
}
