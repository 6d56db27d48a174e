namespace Invitations.Invitations;

/// <summary>At most <paramref name="Limit"/> emails per invitation in any rolling <paramref name="Window"/>.</summary>
public sealed record EmailLimit(int Limit, TimeSpan Window)
{
    public static EmailLimit PerDay(int limit) => new(limit, TimeSpan.FromHours(24));
}
