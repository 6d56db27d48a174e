using Invitations.Invitations;

namespace Invitations.Expiry;

/// <summary>How the sweep treats one index row. Plain rules, no storage.</summary>
public static class ExpiryDecisions
{
    /// <summary>
    /// The repository writes the index row before the invitation. A row ahead of its invitation (no invitation
    /// yet, or an older window) is kept this long in case that write is still landing; after that the write failed.
    /// </summary>
    public static readonly TimeSpan WriteGrace = TimeSpan.FromMinutes(5);

    public static bool IsDue(ExpiryIndexEntry entry, DateTimeOffset now) =>
        entry is not null && entry.ExpiresAt <= now;

    public static ExpiryDecision Decide(ExpiryIndexEntry entry, Invitation? invitation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!IsDue(entry, now))
        {
            return ExpiryDecision.NotYetDue;
        }

        var writeMayBeLanding = entry.WrittenAt is not { } written || written + WriteGrace > now;
        if (invitation is null)
        {
            return writeMayBeLanding ? ExpiryDecision.Wait : ExpiryDecision.Stale;
        }

        var comparison = CompareWindows(invitation.ExpiresAt, entry.ExpiresAt);
        if (comparison < 0)
        {
            // The row announces a newer window than the invitation has.
            return writeMayBeLanding ? ExpiryDecision.Wait : ExpiryDecision.Stale;
        }

        if (comparison > 0)
        {
            // Reissued since: its new window has its own row.
            return ExpiryDecision.Stale;
        }

        return invitation.StoredStatus == InvitationStatus.Pending && invitation.StatusAt(now) == InvitationStatus.Expired
            ? ExpiryDecision.Expire
            : ExpiryDecision.Stale;
    }

    /// <summary>Whether the row describes the invitation's current window.</summary>
    public static bool SameWindow(Invitation invitation, ExpiryIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentNullException.ThrowIfNull(entry);
        return CompareWindows(invitation.ExpiresAt, entry.ExpiresAt) == 0;
    }

    /// <summary>Windows compare at millisecond precision: storage may keep fewer digits than the clock gives.</summary>
    private static int CompareWindows(DateTimeOffset invitation, DateTimeOffset row)
    {
        var difference = invitation.UtcTicks - row.UtcTicks;
        return Math.Abs(difference) < TimeSpan.TicksPerMillisecond ? 0 : Math.Sign(difference);
    }
}
