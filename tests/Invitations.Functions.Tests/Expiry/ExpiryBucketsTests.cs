using Invitations.Expiry;
using Invitations.Tests.Invitations;

namespace Invitations.Tests.Expiry;

public sealed class ExpiryBucketsTests
{
    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi, int s = 0) => new(y, mo, d, h, mi, s, TimeSpan.Zero);

    [Fact]
    public void An_invitation_sent_at_a_minute_start_is_indexed_exactly_seven_days_later()
    {
        var invitation = InvitationTestData.NewInvitation(Utc(2026, 11, 26, 9, 30));

        Assert.Equal(Utc(2026, 12, 3, 9, 30), invitation.ExpiresAt);
        Assert.Equal("202612030930", ExpiryBuckets.KeyOf(invitation.ExpiresAt));
    }

    [Fact]
    public void One_tick_before_a_minute_belongs_to_the_previous_bucket()
    {
        var invitation = InvitationTestData.NewInvitation(Utc(2026, 11, 26, 9, 30).AddTicks(-1));

        Assert.Equal("202612030929", ExpiryBuckets.KeyOf(invitation.ExpiresAt));
    }

    [Fact]
    public void The_last_second_and_last_tick_of_a_bucket_stay_in_it()
    {
        Assert.Equal("202611271234", ExpiryBuckets.KeyOf(Utc(2026, 11, 27, 12, 34, 59)));
        Assert.Equal("202611271234", ExpiryBuckets.KeyOf(Utc(2026, 11, 27, 12, 35).AddTicks(-1)));
        Assert.Equal("202611271235", ExpiryBuckets.KeyOf(Utc(2026, 11, 27, 12, 35)));
    }

    [Fact]
    public void A_bucket_is_fully_due_from_its_end_not_a_tick_before()
    {
        var end = Utc(2026, 11, 27, 12, 35);

        Assert.False(ExpiryBuckets.IsFullyDue("202611271234", end.AddTicks(-1)));
        Assert.False(ExpiryBuckets.IsFullyDue("202611271234", end.AddSeconds(-1)));
        Assert.True(ExpiryBuckets.IsFullyDue("202611271234", end));
        Assert.Equal("202611271234", ExpiryBuckets.LastFullyDueKey(end));
        Assert.Equal("202611271233", ExpiryBuckets.LastFullyDueKey(end.AddTicks(-1)));
    }

    [Fact]
    public void Keys_are_utc_whatever_the_offset_of_the_time()
    {
        var local = new DateTimeOffset(2026, 11, 27, 14, 34, 10, TimeSpan.FromHours(2));

        Assert.Equal("202611271234", ExpiryBuckets.KeyOf(local));
    }

    [Fact]
    public void Seven_days_over_a_leap_day_land_on_the_leap_day_and_after_it()
    {
        Assert.Equal("202802291000", ExpiryBuckets.KeyOf(InvitationTestData.NewInvitation(Utc(2028, 2, 22, 10, 0)).ExpiresAt));
        Assert.Equal("202803072359", ExpiryBuckets.KeyOf(InvitationTestData.NewInvitation(Utc(2028, 2, 29, 23, 59, 59)).ExpiresAt));
        Assert.Equal(Utc(2028, 2, 29, 0, 0), ExpiryBuckets.StartOfKey("202802290000"));
    }

    [Fact]
    public void Due_keys_run_from_after_the_checkpoint_to_the_last_ended_bucket_across_a_leap_day()
    {
        var keys = ExpiryBuckets.DueKeys("202802292358", Utc(2028, 3, 1, 0, 2, 30), earliest: default).ToList();

        Assert.Equal(["202802292359", "202803010000", "202803010001"], keys);
    }

    [Fact]
    public void No_key_is_due_while_the_bucket_after_the_checkpoint_is_still_open()
    {
        Assert.Empty(ExpiryBuckets.DueKeys("202611271234", Utc(2026, 11, 27, 12, 35, 59), earliest: default));
        Assert.Equal(["202611271235"], ExpiryBuckets.DueKeys("202611271234", Utc(2026, 11, 27, 12, 36), earliest: default));
    }

    [Fact]
    public void Without_a_checkpoint_due_keys_start_at_the_earliest_time_and_are_bounded()
    {
        var keys = ExpiryBuckets.DueKeys(null, Utc(2026, 11, 27, 13, 0), earliest: Utc(2026, 11, 27, 12, 0, 30), max: 3).ToList();

        Assert.Equal(["202611271200", "202611271201", "202611271202"], keys);
    }

    [Fact]
    public void Keys_sort_like_the_times_they_stand_for()
    {
        var times = new[] { Utc(2027, 1, 1, 0, 0), Utc(2026, 12, 31, 23, 59), Utc(2028, 2, 29, 12, 0), Utc(2026, 2, 1, 9, 5) };

        var byKey = times.OrderBy(ExpiryBuckets.KeyOf, StringComparer.Ordinal).ToList();

        Assert.Equal(times.Order().ToList(), byKey);
    }

    [Fact]
    public void A_reissued_invitation_moves_to_the_bucket_of_its_new_window()
    {
        var invitation = InvitationTestData.NewInvitation(Utc(2026, 11, 26, 9, 30));
        var before = ExpiryBuckets.KeyOf(invitation.ExpiresAt);

        invitation.Reissue(InvitationTestData.Admin, Utc(2026, 11, 29, 16, 45, 20), InvitationTestData.Lifetime, InvitationTestData.DailyEmails);

        Assert.Equal("202612030930", before);
        Assert.Equal("202612061645", ExpiryBuckets.KeyOf(invitation.ExpiresAt));
    }

    [Theory]
    [InlineData("202611271234", true)]
    [InlineData("202602290000", false)]
    [InlineData("20261127123", false)]
    [InlineData("run", false)]
    [InlineData(null, false)]
    public void Only_real_minute_keys_are_valid(string? key, bool valid) => Assert.Equal(valid, ExpiryBuckets.IsValidKey(key));
}
