using Invitations.Limits;

namespace Invitations.Tests.Limits;

public sealed class KnownQuotaSlotsTests
{
    [Fact]
    public void Picks_without_reading_never_repeat_a_slot_of_this_instance()
    {
        var known = new KnownQuotaSlots("20261129");
        var random = new Random(5);

        var picked = Enumerable.Range(0, 50).Select(_ => Assert.Single(known.TakeUnread(50, 1, random)!)).ToList();

        Assert.Equal(Enumerable.Range(0, 50), picked.Order());
        Assert.Null(known.TakeUnread(50, 1, random)); // the picture is full: read before going on
    }

    [Fact]
    public void Only_slots_read_as_taken_refuse_never_slots_this_instance_picked()
    {
        var known = new KnownQuotaSlots("20261129");
        var random = new Random(5);
        for (var i = 0; i < 10; i++)
        {
            known.TakeUnread(10, 1, random);
        }

        // Every slot picked here, but storage holds nine: the change whose pick failed must not cost the account its tenth email.
        Assert.False(known.IsFull(10, 1));
        var nine = Enumerable.Range(0, 10).Where(s => s != 4).ToHashSet();
        Assert.Equal([4], known.TakeAfterRead(10, 1, nine, random));

        Assert.Null(known.TakeAfterRead(10, 1, Enumerable.Range(0, 10).ToHashSet(), random));
        Assert.True(known.IsFull(10, 1)); // read full: slot rows stay for the day, so later changes are refused without reading
    }

    [Fact]
    public void After_a_read_picks_avoid_both_what_was_read_and_what_this_instance_picked()
    {
        var known = new KnownQuotaSlots("20261129");
        var random = new Random(9);
        var mine = known.TakeUnread(6, 2, random)!;
        var read = Enumerable.Range(0, 6).Except(mine).Take(3).ToHashSet();

        var next = Assert.Single(known.TakeAfterRead(6, 1, read, random)!);

        Assert.DoesNotContain(next, read);
        Assert.DoesNotContain(next, mine);
        Assert.False(known.IsFull(6, 1));
    }
}
