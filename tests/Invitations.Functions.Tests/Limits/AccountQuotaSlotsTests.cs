using Invitations.Limits;

namespace Invitations.Tests.Limits;

public sealed class AccountQuotaSlotsTests
{
    [Fact]
    public void Reading_first_fills_exactly_the_limit_and_then_refuses()
    {
        var taken = new HashSet<int>();
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var slot = Assert.Single(AccountQuotaSlots.Pick(500, 1, taken, random)!);
            Assert.True(taken.Add(slot), $"slot {slot} was picked twice");
        }

        Assert.Null(AccountQuotaSlots.Pick(500, 1, taken, random));
        Assert.Equal(Enumerable.Range(0, 500), taken.Order());
    }

    [Fact]
    public void Several_emails_take_distinct_slots_and_never_more_than_are_free()
    {
        var taken = Enumerable.Range(0, 20).Where(s => s is not 3 and not 9).ToHashSet();

        Assert.Equal([3, 9], AccountQuotaSlots.Pick(20, 2, taken, new Random(1))!.Order());
        Assert.Null(AccountQuotaSlots.Pick(20, 3, taken, new Random(1)));
        Assert.Equal(5, AccountQuotaSlots.Pick(20, 5, null, new Random(1))!.Distinct().Count());
        Assert.Null(AccountQuotaSlots.Pick(2, 3, null, new Random(1)));
    }

    [Fact]
    public void Slots_past_a_lowered_limit_do_not_count_as_taken()
    {
        var taken = Enumerable.Range(0, 6).Concat(Enumerable.Range(100, 50)).ToHashSet();

        Assert.Equal([6, 7], AccountQuotaSlots.Pick(8, 2, taken, new Random(1))!.Order());
        Assert.Null(AccountQuotaSlots.Pick(8, 3, taken, new Random(1)));
    }

    [Fact]
    public void Blind_picks_are_spread_over_every_slot_below_the_limit()
    {
        var random = new Random(3);
        var picked = Enumerable.Range(0, 400).Select(_ => AccountQuotaSlots.Pick(20, 1, null, random)![0]).ToHashSet();

        Assert.Equal(Enumerable.Range(0, 20), picked.Order());
    }

    [Fact]
    public void The_quota_day_is_the_utc_calendar_day()
    {
        var lateInAmsterdam = new DateTimeOffset(2026, 11, 29, 23, 30, 0, TimeSpan.FromHours(1)); // 22:30 UTC

        Assert.Equal("20261129", AccountQuotaSlots.Day(lateInAmsterdam));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), AccountQuotaSlots.NextDay(lateInAmsterdam));
        Assert.Equal("quota|20261129|0000007", AccountQuotaSlots.RowKey("20261129", 7));
        Assert.Equal(7, AccountQuotaSlots.SlotOf("quota|20261129|0000007"));
    }
}
